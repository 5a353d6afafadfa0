import ProfileGANRandom

/// A DP release of counts (a histogram or category counts) with Gaussian noise, and the
/// mechanism that must be charged for it.
///
/// Each person contributes to exactly one bin, so one histogram has L2 sensitivity 1 under
/// add/remove neighbouring. Post-processing the noisy counts (clamping, normalizing) costs nothing
/// further; reading the exact counts for anything else would.
public struct NoisyCounts: Sendable {
    /// The noisy counts, one per bin, in the order given (may be negative or fractional).
    public let values: [Double]
    /// What to charge: one Gaussian release with sensitivity 1.
    public let mechanism: PrivacyMechanism

    /// Releases `counts` with noise of standard deviation `noiseMultiplier` per bin.
    public static func release<G: RandomNumberGenerator>(
        counts: [Int], noiseMultiplier: Double, purpose: String, using generator: inout G
    ) throws -> NoisyCounts {
        let mechanism = PrivacyMechanism.gaussian(noiseMultiplier: noiseMultiplier, sensitivity: 1, count: 1, purpose: purpose)
        try mechanism.validate()
        var noise = [Double](repeating: 0, count: counts.count)
        noise.withUnsafeMutableBufferPointer { generator.fillNormal($0, standardDeviation: noiseMultiplier) }
        return NoisyCounts(values: zip(counts, noise).map { Double($0) + $1 }, mechanism: mechanism)
    }

    /// Noise multiplier for one histogram release that alone reaches (ε, δ) — exact for the
    /// Gaussian mechanism (smallest σ to 1e-6 relative, rounded up).
    public static func noiseMultiplier(epsilon: Double, delta: Double) throws -> Double {
        try validateDelta(delta)
        guard epsilon > 0, epsilon.isFinite else {
            throw PrivacyParameterError.invalid("epsilon must be positive, got \(epsilon)")
        }
        var low = 1e-3, high = 1.0
        while AnalyticGaussian.epsilon(delta: delta, noiseMultiplier: high) > epsilon { low = high; high *= 2 }
        while high - low > 1e-6 * high {
            let mid = (low + high) / 2
            if AnalyticGaussian.epsilon(delta: delta, noiseMultiplier: mid) > epsilon { low = mid } else { high = mid }
        }
        return high
    }

    /// Frequencies from the noisy counts: negatives clamped to `floor` (> 0 keeps every category
    /// reachable by the conditional sampler), then normalized to sum to 1. Post-processing only.
    public func frequencies(floor: Double = 0) -> [Double] {
        let clamped = values.map { max($0, floor) }
        let total = clamped.reduce(0, +)
        guard total > 0 else { return [Double](repeating: 1 / Double(max(values.count, 1)), count: values.count) }
        return clamped.map { $0 / total }
    }
}
