/// An (ε, δ) guarantee obtained from Rényi DP, with the Rényi order α that gave the minimum.
public struct RDPGuarantee: Hashable, Sendable {
    public var epsilon: Double
    /// The order α at which the conversion to (ε, δ) was tightest.
    public var optimalOrder: Double
}
