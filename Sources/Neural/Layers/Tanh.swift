#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `y = tanh(x)`; backward `dx = dy·(1 − y²)`.
public final class Tanh {
    public let output = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)

    public init() {}

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        let x = input.data, y = output.data
        for i in 0..<input.count { y[i] = tanhf(x[i]) }
        return output
    }

    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == output.count, "Tanh.backward: gradient shape differs from output")
        inputGradient.resize(like: output)
        let y = output.data, dy = outputGradient.data, dx = inputGradient.data
        for i in 0..<output.count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        return inputGradient
    }
}
