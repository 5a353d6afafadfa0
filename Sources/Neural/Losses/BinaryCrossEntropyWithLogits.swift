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
    public static func loss(
        logits: Matrix, target: Float, reduction: LossReduction = .mean, gradient: Matrix? = nil,
        gradientScale: Float = 1
    ) -> Float {
        let factor = reduction.factor(examples: logits.count)
        var total = 0.0
        let x = logits.data
        for i in 0..<logits.count {
            let v = x[i]
            total += Double(max(v, 0) - v * target + log1pf(expf(-abs(v))))
        }
        if let gradient {
            gradient.resize(like: logits)
            let g = gradient.data, scale = Float(factor) * gradientScale
            for i in 0..<logits.count { g[i] = scale * (SigmoidFunction.value(x[i]) - target) }
        }
        return Float(total * factor)
    }
}
