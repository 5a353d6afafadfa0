import ProfileGANRandom

/// WGAN-GP's gradient penalty (Gulrajani et al. 2017) and its parameter gradient.
///
/// With the dropout masks of one forward pass held fixed, the critic is piecewise linear in its
/// input, so on each linear piece its input gradient for example i is
///
///     Gᵢ = δ₀ᵢ·W₀,   δₗ = Mₗ ⊙ (δₗ₊₁·Wₗ₊₁),   δ_L = 1
///
/// where Mₗ = LeakyReLU′(zₗ) ⊙ dropout maskₗ is constant on the piece. The penalty
/// P = λ/B·Σᵢ(‖Gᵢ‖ − 1)² is therefore a smooth function of the weights there, and its gradient is a
/// second ("double") backward through this linear recursion: with E₀ = ∂P/∂G,
///
///     ∂P/∂Wₗ = δₗᵀ·Eₗ,   Eₗ₊₁ = Mₗ ⊙ (Eₗ·Wₗᵀ).
///
/// Biases do not enter G (they only move the kinks), so their penalty gradient is zero.
extension Discriminator {
    /// Runs a forward pass on `interpolates` (unpacked rows, new dropout masks), computes
    /// P = λ·mean over packed examples of (‖∇ₓD‖ − 1)², accumulates ∂P/∂θ into the parameter
    /// gradients and returns P.
    @discardableResult
    public func gradientPenaltyBackward(_ interpolates: Matrix, weight λ: Float = 10) -> Float {
        forward(interpolates)
        let examples = packedInput.rows
        unitScoreGradient.resize(rows: examples, columns: 1)
        unitScoreGradient.fill(1)
        propagate(unitScoreGradient, parameterGradients: false, inputGradients: true)

        // E₀ = ∂P/∂G = 2λ/B·(‖Gᵢ‖ − 1)·Gᵢ/‖Gᵢ‖ (zero where Gᵢ = 0, the norm's subgradient there).
        let gradient = linears[0].inputGradient
        var residual = penaltyBuffers.0, next = penaltyBuffers.1
        residual.resize(like: gradient)
        var penalty = 0.0
        let width = gradient.columns
        for i in 0..<examples {
            let g = gradient.data + i * width, e = residual.data + i * width
            var squared = 0.0
            for c in 0..<width { squared += Double(g[c]) * Double(g[c]) }
            let norm = squared.squareRoot()
            penalty += (norm - 1) * (norm - 1)
            let factor = norm > 0 ? Float(2 * Double(λ) / Double(examples) * (norm - 1) / norm) : 0
            for c in 0..<width { e[c] = factor * g[c] }
        }

        let last = linears.count - 1
        for l in 0...last {
            let layer = linears[l]
            layer.weight.gradient.multiply(linearOutputGradients[l], by: residual, transposingA: true, beta: 1)
            if l == last { break }
            next.resize(rows: examples, columns: layer.outputSize)
            next.multiply(residual, by: layer.weight.value, transposingB: true)
            applyLocalSlopes(of: l, to: next)
            swap(&residual, &next)
        }
        return Float(Double(λ) * penalty / Double(examples))
    }

    /// `values ⊙= LeakyReLU′(zₗ) ⊙ maskₗ` for hidden layer `l` of the last forward pass.
    private func applyLocalSlopes(of l: Int, to values: Matrix) {
        guard let z = activations[l].input else { preconditionFailure("gradient penalty before forward") }
        let slope = activations[l].slope, m = dropouts[l].mask.data, x = z.data, v = values.data
        for i in 0..<values.count { v[i] *= (x[i] > 0 ? 1 : slope) * m[i] }
    }

    /// WGAN-GP interpolates: for each pack of `pac` rows one α ~ U(0, 1) and
    /// `α·real + (1 − α)·fake` on all of its rows (as CTGAN does). Writes into `result`.
    public func interpolate(
        real: Matrix, fake: Matrix, into result: Matrix, generator: inout some RandomNumberGenerator
    ) {
        precondition(real.rows == fake.rows && real.columns == fake.columns, "real and fake batches differ in shape")
        precondition(real.rows % pac == 0, "batch is not a multiple of pac")
        result.resize(like: real)
        let packLength = pac * real.columns
        for pack in 0..<(real.rows / pac) {
            let alpha = generator.nextUnitFloat()
            let offset = pack * packLength
            let a = real.data + offset, b = fake.data + offset, y = result.data + offset
            for i in 0..<packLength { y[i] = alpha * a[i] + (1 - alpha) * b[i] }
        }
    }
}
