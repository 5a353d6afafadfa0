#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binary cross-entropy on logits, `ℓ(x, y) = max(x, 0) − x·y + log(1 + e^(−|x|))` — the stable
/// form of `−y·log σ(x) − (1 − y)·log(1 − σ(x))`; `∂ℓ/∂x = σ(x) − y`.
public enum BinaryCrossEntropyWithLogits {
    /// The loss of `logits` (any shape) against the same `target` for every element (1 = real,
    /// 0 = fake, or a smoothed label). Writes ∂loss/∂logits to `gradient` when given, scaled by
    /// `gradientScale` (e.g. to combine two losses).
    ///
    /// `rows` restricts the loss (and the gradient rows written) to a block, so real and fake
    /// examples scored in one discriminator pass can each get their own target and mean: call once
    /// per block with the same `gradient` matrix.
    public static func loss(
        logits: Matrix, rows: Range<Int>? = nil, target: Float, reduction: LossReduction = .mean,
        gradient: Matrix? = nil, gradientScale: Float = 1
    ) -> Float {
        let rows = rows ?? 0..<logits.rows
        precondition(rows.lowerBound >= 0 && rows.upperBound <= logits.rows, "rows \(rows) outside \(logits.rows)")
        let elements = (rows.lowerBound * logits.columns)..<(rows.upperBound * logits.columns)
        let factor = reduction.factor(examples: elements.count)
        var total = 0.0
        let x = logits.data
        for i in elements {
            let v = x[i]
            total += Double(max(v, 0) - v * target + log1pf(expf(-abs(v))))
        }
        if let gradient {
            gradient.resize(like: logits)
            let g = gradient.data, scale = Float(factor) * gradientScale
            for i in elements { g[i] = scale * (SigmoidFunction.value(x[i]) - target) }
        }
        return Float(total * factor)
    }
}
