#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax cross-entropy over a block of columns: `ℓᵢ = −log softmax(xᵢ)[targetᵢ]`, with
/// `∂ℓᵢ/∂xᵢ = softmax(xᵢ) − onehot(targetᵢ)`.
///
/// CTGAN's conditional loss is this on each categorical column's block of generator logits,
/// weighted per row by whether that column was the row's condition — hence `columns` and
/// `rowWeights`.
public enum SoftmaxCrossEntropy {
    /// Returns Σᵢ wᵢ·ℓᵢ · (1/rows for `.mean`) and *adds* its gradient, times `gradientScale`, into
    /// `gradient[:, columns]` when given (so several column blocks can share one gradient matrix).
    /// `targets[i]` is the class index within the block for row i.
    public static func loss(
        logits: Matrix, columns: Range<Int>, targets: [Int], rowWeights: [Float]? = nil,
        reduction: LossReduction = .mean, accumulatingGradientInto gradient: Matrix? = nil,
        gradientScale: Float = 1
    ) -> Float {
        precondition(targets.count == logits.rows, "one target per row")
        precondition(columns.upperBound <= logits.columns && !columns.isEmpty, "column block out of range")
        if let rowWeights { precondition(rowWeights.count == logits.rows, "one weight per row") }
        if let gradient {
            precondition(gradient.rows == logits.rows && gradient.columns == logits.columns, "gradient shape")
        }
        let factor = reduction.factor(examples: logits.rows)
        var total = 0.0
        for r in 0..<logits.rows {
            let weight = rowWeights?[r] ?? 1
            if weight == 0 { continue }
            let target = columns.lowerBound + targets[r]
            precondition(columns.contains(target), "target \(targets[r]) outside the block of \(columns.count)")
            let x = logits.data + r * logits.columns
            var largest = -Float.infinity
            for c in columns { largest = max(largest, x[c]) }
            var sum: Float = 0
            for c in columns { sum += expf(x[c] - largest) }
            let logSum = largest + logf(sum)
            total += Double(weight) * Double(logSum - x[target])
            if let gradient {
                let g = gradient.data + r * gradient.columns
                let scale = Float(factor) * weight * gradientScale
                for c in columns {
                    let p = expf(x[c] - logSum)
                    g[c] += scale * (p - (c == target ? 1 : 0))
                }
            }
        }
        return Float(total * factor)
    }
}
