/// ε of one DP-SGD configuration under both accountants (what `profilegan accountant` prints).
///
/// JSON keys: `epsilon_rdp`, `epsilon_pld`, `optimal_order`.
public struct EpsilonReport: Codable, Hashable, Sendable {
    public var epsilonRDP: Double
    public var epsilonPLD: Double
    /// The Rényi order at which the RDP conversion was tightest.
    public var optimalOrder: Double

    enum CodingKeys: String, CodingKey {
        case epsilonRDP = "epsilon_rdp", epsilonPLD = "epsilon_pld", optimalOrder = "optimal_order"
    }

    /// Computes ε for DP-SGD with (q, σ, T) at δ under the default RDP and PLD accountants.
    public init(samplingRate: Double, noiseMultiplier: Double, steps: Int, delta: Double) throws {
        let mechanisms: [PrivacyMechanism] = [
            .poissonGaussian(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps),
        ]
        let rdp = try RDPAccountant().guarantee(composing: mechanisms, delta: delta)
        epsilonRDP = rdp.epsilon
        optimalOrder = rdp.optimalOrder
        epsilonPLD = try PLDAccountant().epsilon(composing: mechanisms, delta: delta)
    }
}

/// The smallest noise multiplier meeting a target ε under both accountants.
///
/// JSON keys: `noise_multiplier_rdp`, `noise_multiplier_pld`.
public struct CalibrationReport: Codable, Hashable, Sendable {
    public var noiseMultiplierRDP: Double
    public var noiseMultiplierPLD: Double

    enum CodingKeys: String, CodingKey {
        case noiseMultiplierRDP = "noise_multiplier_rdp", noiseMultiplierPLD = "noise_multiplier_pld"
    }

    /// Calibrates σ for DP-SGD with (q, T) to reach `targetEpsilon` at δ under each accountant.
    public init(targetEpsilon: Double, samplingRate: Double, steps: Int, delta: Double) throws {
        noiseMultiplierRDP = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
            accountant: RDPAccountant())
        noiseMultiplierPLD = try NoiseCalibration.noiseMultiplier(
            targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
            accountant: PLDAccountant())
    }
}
