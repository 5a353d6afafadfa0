/// Turns a list of mechanisms applied to the same private rows into one (ε, δ) guarantee.
///
/// Composition is heterogeneous: DP-SGD runs with different (q, σ, T) and plain Gaussian releases
/// can be mixed. The neighbouring relation is add/remove one row.
public protocol PrivacyAccountant: Sendable {
    /// Which accountant this is (recorded in privacy records and the ledger).
    var kind: AccountantKind { get }

    /// The smallest ε this accountant can certify for the composition of `mechanisms` at `delta`.
    /// Returns 0 for an empty list. Throws for invalid parameters.
    func epsilon(composing mechanisms: [PrivacyMechanism], delta: Double) throws -> Double
}

extension PrivacyAccountant {
    /// ε of a single DP-SGD run (Poisson-subsampled Gaussian mechanism).
    public func epsilon(samplingRate: Double, noiseMultiplier: Double, steps: Int, delta: Double) throws -> Double {
        try epsilon(
            composing: [.poissonGaussian(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps)],
            delta: delta)
    }
}
