/// Ghost norms of a masked layer, for DP-SGD without per-example gradients.
///
/// Example i's weight gradient is (δᵢaᵢᵀ) ⊙ M. The mask breaks the rank-one shortcut of `Linear`
/// (‖aᵢ‖²·‖δᵢ‖²), but not the structure: its squared Frobenius norm is
///
///     Σₒⱼ Mₒⱼ δᵢₒ² aᵢⱼ² = (δᵢ ⊙ δᵢ)ᵀ · M · (aᵢ ⊙ aᵢ)
///
/// — one GEMM of the squared output gradients with the mask, then a row-wise dot product with the
/// squared inputs. Exact, and about as costly as the layer's backward pass.
extension MaskedLinear {
    /// Adds each example's squared gradient norm for this layer — masked weight, plus the bias when
    /// `includingBias` (a bias kept out of the optimizer has no gradient to clip) — to `sums[i]`.
    /// `outputGradient` row i must be ∂(example i's loss)/∂output; requires a preceding forward.
    /// `squares` and `spread` are workspaces (resized here).
    public func accumulatePerExampleSquaredNorms(_ outputGradient: Matrix, includingBias: Bool,
                                                 into sums: UnsafeMutablePointer<Double>, squares: Matrix, spread: Matrix) {
        guard let input else { preconditionFailure("MaskedLinear gradient norms requested before forward") }
        let rows = input.rows
        precondition(outputGradient.rows == rows && outputGradient.columns == outputSize, "output gradient shape")
        squares.resize(like: outputGradient)
        let d = outputGradient.data, s = squares.data
        for i in 0..<outputGradient.count { s[i] = d[i] * d[i] }
        // spread[i, j] = Σₒ δᵢₒ² Mₒⱼ: how much weight j's column of example i's gradient carries per unit aᵢⱼ².
        spread.resize(rows: rows, columns: inputSize)
        spread.multiply(squares, by: mask, beta: 0)
        let a = input.data, p = spread.data
        for i in 0..<rows {
            var total = 0.0
            let row = i * inputSize
            for j in 0..<inputSize {
                let x = a[row + j]
                total += Double(p[row + j] * x * x)
            }
            if includingBias {
                let out = i * outputSize
                for o in 0..<outputSize { total += Double(s[out + o]) }
            }
            sums[i] += total
        }
    }
}
