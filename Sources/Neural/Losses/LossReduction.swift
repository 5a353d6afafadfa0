/// How a loss combines its per-example terms.
public enum LossReduction: Sendable {
    /// The average over examples (the usual training loss).
    case mean
    /// The sum over examples: each row's gradient is then that example's own loss gradient, which
    /// is what per-example clipping (DP-SGD) needs.
    case sum

    func factor(examples: Int) -> Double {
        switch self {
        case .mean: 1 / Double(max(examples, 1))
        case .sum: 1
        }
    }
}
