import ProfileGANRandom

/// The Gaussian mechanism's noise step: adds N(0, (σ·C)²) independently to every entry.
///
/// DP-SGD calls this once per step on the sum of clipped per-example gradients (C = clipping
/// norm, σ = noise multiplier); a Gaussian release of a statistic with sensitivity Δ uses C = Δ.
/// Noise is generated in `Double` (the accountant assumes Gaussian noise; Float Box–Muller would
/// truncate the tails earlier) and added to the `Float` buffer.
public enum GaussianNoise {
    /// Adds N(0, (noiseMultiplier·sensitivity)²) to each entry of `buffer`.
    public static func add<G: RandomNumberGenerator>(
        to buffer: UnsafeMutableBufferPointer<Float>, noiseMultiplier: Double, sensitivity: Double,
        using generator: inout G
    ) {
        let standardDeviation = noiseMultiplier * sensitivity
        precondition(standardDeviation >= 0 && standardDeviation.isFinite, "noise scale must be finite and non-negative")
        var chunk = [Double](repeating: 0, count: min(4096, max(buffer.count, 1)))
        var offset = 0
        while offset < buffer.count {
            let n = min(chunk.count, buffer.count - offset)
            chunk.withUnsafeMutableBufferPointer { c in
                generator.fillNormal(UnsafeMutableBufferPointer(rebasing: c[0..<n]), standardDeviation: standardDeviation)
                for k in 0..<n { buffer[offset + k] = Float(Double(buffer[offset + k]) + c[k]) }
            }
            offset += n
        }
    }

    /// Array convenience for ``add(to:noiseMultiplier:sensitivity:using:)``.
    public static func add<G: RandomNumberGenerator>(
        to values: inout [Float], noiseMultiplier: Double, sensitivity: Double, using generator: inout G
    ) {
        values.withUnsafeMutableBufferPointer {
            add(to: $0, noiseMultiplier: noiseMultiplier, sensitivity: sensitivity, using: &generator)
        }
    }
}
