import ProfileGANRandom

/// Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017) over all columns:
/// `y = softmax((x + g)/τ)` with `g` i.i.d. Gumbel(0, 1) drawn from ``generator``.
///
/// *Soft* returns `y`; *hard* returns the one-hot of `argmax y` — a sample from `softmax(x)` — and
/// back-propagates the soft gradient (straight-through estimator).
public final class GumbelSoftmax {
    /// τ > 0: the smaller, the closer samples are to one-hot.
    public let temperature: Float
    /// Whether forward emits one-hot samples (with the soft gradient).
    public let hard: Bool
    /// Source of the Gumbel noise; assign to reseed or to replay a sample.
    public var generator: SeededGenerator
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The relaxed sample (equal to ``output`` when not hard); backward differentiates this.
    public let soft = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)

    /// A layer with temperature τ drawing its noise from `generator`.
    public init(temperature: Float, hard: Bool, generator: SeededGenerator) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
        self.hard = hard
        self.generator = generator
    }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
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

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        inputGradient.resize(like: soft)
        SoftmaxKernel.backward(
            soft: soft, outputGradient: outputGradient, columns: 0..<soft.columns, temperature: temperature,
            inputGradient: inputGradient)
        return inputGradient
    }
}
