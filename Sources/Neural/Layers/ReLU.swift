/// `y = max(x, 0)`; backward passes the gradient where the output is positive.
public final class ReLU {
    public let output = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)

    public init() {}

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        let x = input.data, y = output.data
        for i in 0..<input.count { y[i] = max(x[i], 0) }
        return output
    }

    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == output.count, "ReLU.backward: gradient shape differs from output")
        inputGradient.resize(like: output)
        let y = output.data, dy = outputGradient.data, dx = inputGradient.data
        for i in 0..<output.count { dx[i] = y[i] > 0 ? dy[i] : 0 }
        return inputGradient
    }
}
