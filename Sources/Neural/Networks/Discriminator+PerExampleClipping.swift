/// Per-example gradient clipping for DP-SGD without materializing per-example gradients.
///
/// For a linear layer with input rows aᵢ and output-gradient rows δᵢ, example i's weight gradient
/// is the outer product δᵢaᵢᵀ, whose squared Frobenius norm is ‖aᵢ‖²·‖δᵢ‖²; its bias gradient is δᵢ.
/// The element-wise layers between (LeakyReLU, Dropout with a fixed mask) have no parameters and
/// act on each example separately, so one ordinary backward pass yields every δᵢ and
///
///     ‖gᵢ‖² = Σ_layers (‖aᵢ‖² + 1)·‖δᵢ‖²
///
/// exactly. The clipped sum Σᵢ min(1, C/‖gᵢ‖)·gᵢ is then, per layer, (diag(w)·δ)ᵀ·a — one GEMM
/// on δ with scaled rows — so the whole clipped step costs about as much as an unclipped one.
extension Discriminator {
    /// Safety margin on the clip target: clipping to C·(1 − 1e-5) keeps every clipped gradient's
    /// norm ≤ C even after the Float rounding of the norm and of the GEMMs.
    public static let clipMargin: Float = 1 - 1e-5

    /// Back-propagates ∂loss/∂scores, where row i of `scoreGradient` must be the gradient of
    /// *example i's own loss* (use a `.sum` reduction, not a mean), and accumulates the clipped sum
    /// Σᵢ min(1, C/‖gᵢ‖)·gᵢ into the parameter gradients.
    ///
    /// Afterwards ``perExampleNorms`` holds each ‖gᵢ‖ (before clipping) and ``clipFactors`` each
    /// factor, so a DP trainer can check factorᵢ·‖gᵢ‖ ≤ C before adding noise. Requires a preceding
    /// ``forward(_:)`` (the dropout masks of that pass are the ones differentiated).
    public func clippedBackward(_ scoreGradient: Matrix, clipNorm: Float, inputGradients: Bool = false) {
        precondition(clipNorm > 0, "clip norm must be positive")
        computePerExampleNorms(scoreGradient, inputGradients: inputGradients)
        let target = clipNorm * Discriminator.clipMargin
        let examples = perExampleNorms.count
        clipFactors.removeAll(keepingCapacity: true)
        for i in 0..<examples {
            let norm = perExampleNorms[i]
            clipFactors.append(norm > target ? target / norm : 1)
        }
        clipFactors.withUnsafeBufferPointer { w in
            for (layer, delta) in zip(linears, linearOutputGradients) {
                layer.accumulateWeightedParameterGradients(delta, rowWeights: w.baseAddress!, scratch: scaledGradient)
            }
        }
    }

    /// max over examples of clipFactorᵢ·‖gᵢ‖ for the last clipped backward: the largest norm any
    /// example contributes to the clipped sum (≤ C·``clipMargin``; a DP trainer can assert it ≤ C).
    public var largestClippedNorm: Float {
        var largest: Float = 0
        for (norm, factor) in zip(perExampleNorms, clipFactors) { largest = max(largest, norm * factor) }
        return largest
    }

    /// Back-propagates without touching parameter gradients and fills ``perExampleNorms`` with each
    /// example's full gradient norm (all layers, weights and biases).
    public func computePerExampleNorms(_ scoreGradient: Matrix, inputGradients: Bool = false) {
        propagate(scoreGradient, parameterGradients: false, inputGradients: inputGradients)
        let examples = scoreGradient.rows
        squaredNormSums.removeAll(keepingCapacity: true)
        squaredNormSums.append(contentsOf: repeatElement(0, count: examples))
        if normScratch.count < 2 * examples { normScratch = [Float](repeating: 0, count: 2 * examples) }
        squaredNormSums.withUnsafeMutableBufferPointer { sums in
            normScratch.withUnsafeMutableBufferPointer { scratch in
                for (layer, delta) in zip(linears, linearOutputGradients) {
                    layer.accumulatePerExampleSquaredNorms(delta, into: sums.baseAddress!, scratch: scratch.baseAddress!)
                }
            }
        }
        perExampleNorms.removeAll(keepingCapacity: true)
        for s in squaredNormSums { perExampleNorms.append(Float(s.squareRoot())) }
    }
}
