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
        let scale = 1 / Float(expectedBatchSize)
        for parameter in parameters {
            let gradient = parameter.gradient
            let values = UnsafeMutableBufferPointer(start: gradient.data, count: gradient.count)
            GaussianNoise.add(to: values, noiseMultiplier: noiseMultiplier, sensitivity: Double(maxGradNorm), using: &noise)
            // A NaN in the noisy sum would be a release nobody accounted for; stop instead.
            guard values.allSatisfy(\.isFinite) else {
                throw .privacy("internal check failed: the noisy gradient of \(parameter.name) is not finite; training stopped")
            }
            gradient.scale(by: scale)
        }
    }
}
