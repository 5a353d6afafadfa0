/// A mechanism's privacy loss in one adjacency direction, described by its hockey-stick divergence
/// δ(ε) = sup_S P(S) − e^ε Q(S) over a range of losses that carries all but a negligible mass —
/// what the connect-the-dots discretization needs.
protocol PrivacyLossCurve: Sendable {
    /// Losses outside this range carry at most a negligible mass of P (charged to δ).
    var lossRange: (lower: Double, upper: Double) { get }
    /// δ(ε), pessimistic about the truncated tails.
    func delta(epsilon: Double) -> Double
}

extension SubsampledGaussianPrivacyLoss: PrivacyLossCurve {}
