/// Exact (ε, δ) of the plain Gaussian mechanism (Balle & Wang 2018): with noise multiplier σ
/// (noise standard deviation over L2 sensitivity),
/// δ(ε) = Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ).
///
/// k releases at multipliers σ₁ … σ_k compose to exactly one release at
/// σ = (Σ 1/σ_i²)^{−1/2}, so any list of Gaussian releases has a closed-form guarantee; the PLD
/// accountant uses it when nothing in the composition is subsampled.
public enum AnalyticGaussian {
    /// δ at ε for one Gaussian release with noise multiplier σ.
    public static func delta(epsilon: Double, noiseMultiplier sigma: Double) -> Double {
        SubsampledGaussianPrivacyLoss(samplingRate: 1, sigma: sigma, direction: .remove).delta(epsilon: epsilon)
    }

    /// The smallest ε ≥ 0 (to 1e-12 relative, rounded up) with δ(ε) ≤ `delta`.
    public static func epsilon(delta: Double, noiseMultiplier sigma: Double) -> Double {
        if Self.delta(epsilon: 0, noiseMultiplier: sigma) <= delta { return 0 }
        var low = 0.0, high = 1.0
        while Self.delta(epsilon: high, noiseMultiplier: sigma) > delta { low = high; high *= 2 }
        while high - low > 1e-12 * high {
            let mid = (low + high) / 2
            if Self.delta(epsilon: mid, noiseMultiplier: sigma) > delta { low = mid } else { high = mid }
        }
        return high
    }

    /// The noise multiplier of one release equivalent to all `releases` together.
    public static func equivalentNoiseMultiplier(_ releases: [(noiseMultiplier: Double, count: Int)]) -> Double {
        let precision = releases.reduce(0.0) { $0 + Double($1.count) / ($1.noiseMultiplier * $1.noiseMultiplier) }
        return 1 / precision.squareRoot()
    }
}
