/// The Wasserstein critic losses of WGAN: the critic minimizes `mean D(fake) − mean D(real)`,
/// the generator minimizes `−mean D(fake)`. Each is a signed mean of scores, so this type computes
/// `sign·reduce(scores)` with gradient `sign·factor` per element.
public enum WassersteinLoss {
    /// Which side of the critic loss a batch of scores is on.
    public enum Side: Sendable {
        /// Real rows: contribute `−score` (the critic raises real scores).
        case real
        /// Generated rows: contribute `+score`.
        case fake
        /// The generator's loss on generated rows: `−score`.
        case generator

        var sign: Float {
            switch self {
            case .real, .generator: -1
            case .fake: 1
            }
        }
    }

    /// The loss term for `scores` (`examples × 1`) on `side`; writes ∂loss/∂scores to `gradient`
    /// when given.
    public static func loss(
        scores: Matrix, side: Side, reduction: LossReduction = .mean, gradient: Matrix? = nil
    ) -> Float {
        let factor = reduction.factor(examples: scores.count)
        var total = 0.0
        for i in 0..<scores.count { total += Double(scores.data[i]) }
        if let gradient {
            gradient.resize(like: scores)
            gradient.fill(side.sign * Float(factor))
        }
        return side.sign * Float(total * factor)
    }
}
