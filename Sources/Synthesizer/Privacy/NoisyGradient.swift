import ProfileGANNeural
import ProfileGANPrivacy

/// The two checks and the noise every DP-SGD step shares, whichever network it trains.
enum NoisyGradient {
    /// Throws unless every clipped per-row gradient, factorᵢ·‖gᵢ‖, is within C.
    static func checkClipped(norms: [Float], factors: [Float], maxGradNorm: Float) throws(SynthesizerError) {
        for (norm, factor) in zip(norms, factors) where !(norm * factor <= maxGradNorm) {
            throw .privacy("internal check failed: a clipped per-row gradient has norm \(norm * factor) > C = \(maxGradNorm); training stopped")
        }
    }

    /// Turns the clipped gradient sums of `parameters` into the step's noisy mean: N(0, σ²C²) on
    /// every coordinate, then divided by the *expected* batch size (never the sampled one, which is
    /// private).
    static func addNoise(to parameters: [Parameter], noiseMultiplier: Double, maxGradNorm: Float, expectedBatchSize: Int,
                         using noise: inout PrivacyNoiseGenerator) throws(SynthesizerError) {
        // Fixed chunks of coordinates, each with its own generator split off in order, so that the
        // cores can draw at once and a replayed run draws the same noise whatever the thread count.
        var chunks: [(values: UnsafeMutableBufferPointer<Float>, generator: PrivacyNoiseGenerator)] = []
        for parameter in parameters {
            let gradient = parameter.gradient
            for start in stride(from: 0, to: gradient.count, by: noiseChunk) {
                let values = UnsafeMutableBufferPointer(start: gradient.data + start, count: min(noiseChunk, gradient.count - start))
                chunks.append((values, noise.split()))
            }
        }
        ComputePool.shared.forEachRange(of: chunks.count, grain: 1) { range in
            for index in range {
                var generator = chunks[index].generator
                GaussianNoise.add(to: chunks[index].values, noiseMultiplier: noiseMultiplier, sensitivity: Double(maxGradNorm), using: &generator)
            }
        }
        let scale = 1 / Float(expectedBatchSize)
        for parameter in parameters {
            let gradient = parameter.gradient
            // A NaN in the noisy sum would be a release nobody accounted for; stop instead.
            guard UnsafeMutableBufferPointer(start: gradient.data, count: gradient.count).allSatisfy(\.isFinite) else {
                throw .privacy("internal check failed: the noisy gradient of \(parameter.name) is not finite; training stopped")
            }
            gradient.scale(by: scale)
        }
    }

    /// Coordinates of one noise chunk (see ``addNoise(to:noiseMultiplier:maxGradNorm:expectedBatchSize:using:)``).
    static let noiseChunk = 16_384
}
