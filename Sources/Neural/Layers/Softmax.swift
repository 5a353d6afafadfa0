/// Row-wise softmax over all columns, `y = softmax(x/τ)`.
public final class Softmax {
    /// τ > 0 dividing the logits.
    public let temperature: Float
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)

    /// A softmax with temperature τ (1 = the plain softmax).
    public init(temperature: Float = 1) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
    }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        SoftmaxKernel.forward(
            input: input, columns: 0..<input.columns, temperature: temperature, gumbel: nil, hard: false,
            soft: output, output: output)
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        inputGradient.resize(like: output)
        SoftmaxKernel.backward(
            soft: output, outputGradient: outputGradient, columns: 0..<output.columns, temperature: temperature,
            inputGradient: inputGradient)
        return inputGradient
    }
}
