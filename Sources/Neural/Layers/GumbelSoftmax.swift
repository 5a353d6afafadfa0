import ProfileGANRandom

/// Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017) over all columns:
/// `y = softmax((x + g)/τ)` with `g` i.i.d. Gumbel(0, 1) drawn from ``generator``.
///
/// *Soft* returns `y`; *hard* returns the one-hot of `argmax y` — a sample from `softmax(x)` — and
/// back-propagates the soft gradient (straight-through estimator).
public final class GumbelSoftmax {
    public let temperature: Float
    public let hard: Bool
    public var generator: SeededGenerator
    public let output = Matrix(rows: 0, columns: 0)
    /// The relaxed sample (equal to ``output`` when not hard); backward differentiates this.
    public let soft = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)

    public init(temperature: Float, hard: Bool, generator: SeededGenerator) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
        self.hard = hard
        self.generator = generator
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        soft.resize(like: input)
        withUnsafeMutablePointer(to: &generator) { g in
            SoftmaxKernel.forward(
                input: input, columns: 0..<input.columns, temperature: temperature, gumbel: g, hard: hard,
                soft: soft, output: output)
        }
        return output
    }

    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        inputGradient.resize(like: soft)
        SoftmaxKernel.backward(
            soft: soft, outputGradient: outputGradient, columns: 0..<soft.columns, temperature: temperature,
            inputGradient: inputGradient)
        return inputGradient
    }
}
