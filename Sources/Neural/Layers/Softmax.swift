/// Row-wise softmax over all columns, `y = softmax(x/τ)`.
public final class Softmax {
    public let temperature: Float
    public let output = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)

    public init(temperature: Float = 1) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        SoftmaxKernel.forward(
            input: input, columns: 0..<input.columns, temperature: temperature, gumbel: nil, hard: false,
            soft: output, output: output)
        return output
    }

    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        inputGradient.resize(like: output)
        SoftmaxKernel.backward(
            soft: output, outputGradient: outputGradient, columns: 0..<output.columns, temperature: temperature,
            inputGradient: inputGradient)
        return inputGradient
    }
}
