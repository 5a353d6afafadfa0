/// Per-example gradient clipping of the masked network for DP-SGD, without materializing any
/// per-example gradient.
///
/// Every layer acts on each example separately (masked linears and ReLUs, no batch statistics), so
/// one backward pass without parameter gradients yields each layer's δᵢ, and the ghost norms of the
/// masked layers (``MaskedLinear/accumulatePerExampleSquaredNorms(_:includingBias:into:squares:spread:)``)
/// sum to each example's full ‖gᵢ‖². Gradients are linear in the output gradient for a fixed forward
/// pass, so the clipped sum Σᵢ min(1, C/‖gᵢ‖)·gᵢ is one ordinary backward pass of the output
/// gradient with row i scaled by its factor.
extension MaskedAutoregressiveNetwork {
    /// Back-propagates ∂loss/∂logits, where row i of `outputGradient` must be the gradient of
    /// *example i's own loss* (a sum over rows, not a mean), and accumulates the clipped sum
    /// Σᵢ min(1, C/‖gᵢ‖)·gᵢ into the parameter gradients. Afterwards ``perExampleNorms`` holds each
    /// ‖gᵢ‖ before clipping and ``clipFactors`` each factor (clipping to C·``Discriminator/clipMargin``,
    /// so Float rounding cannot push a clipped norm past C). Requires a preceding ``forward(_:)``.
    public func clippedBackward(_ outputGradient: Matrix, clipNorm: Float) {
        precondition(clipNorm > 0, "clip norm must be positive")
        computePerExampleNorms(outputGradient)
        let target = clipNorm * Discriminator.clipMargin
        clipFactors = perExampleNorms.map { $0 > target ? target / $0 : 1 }
        clipFactors.withUnsafeBufferPointer { scaledOutputGradient.setRowsScaled(outputGradient, by: $0.baseAddress!) }
        backward(scaledOutputGradient)
    }

    /// Fills ``perExampleNorms`` with each example's full gradient norm (every trained tensor)
    /// without touching the parameter gradients.
    public func computePerExampleNorms(_ outputGradient: Matrix) {
        let rows = outputGradient.rows
        var sums = [Double](repeating: 0, count: rows)
        sums.withUnsafeMutableBufferPointer { buffer in
            let s = buffer.baseAddress!
            head.accumulatePerExampleSquaredNorms(outputGradient, includingBias: true, into: s, squares: normSquares, spread: normSpread)
            skip.accumulatePerExampleSquaredNorms(outputGradient, includingBias: false, into: s, squares: normSquares, spread: normSpread)
            var g = head.backward(outputGradient, parameterGradients: false, inputGradients: !hidden.isEmpty)
            for l in stride(from: hidden.count - 1, through: 0, by: -1) {
                let delta = activations[l].backward(g)
                hidden[l].accumulatePerExampleSquaredNorms(delta, includingBias: true, into: s, squares: normSquares, spread: normSpread)
                if l > 0 { g = hidden[l].backward(delta, parameterGradients: false) }
            }
        }
        perExampleNorms = sums.map { Float($0.squareRoot()) }
    }

    /// max over examples of clipFactorᵢ·‖gᵢ‖ for the last clipped backward (≤ C·clipMargin).
    public var largestClippedNorm: Float {
        zip(perExampleNorms, clipFactors).reduce(0) { max($0, $1.0 * $1.1) }
    }
}
