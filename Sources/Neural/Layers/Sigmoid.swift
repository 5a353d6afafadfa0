#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `y = 1 / (1 + e^(−x))`; backward `dx = dy·y·(1 − y)`.
public final class Sigmoid {
    public let output = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)

    public init() {}

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        let x = input.data, y = output.data
        for i in 0..<input.count { y[i] = Sigmoid.value(x[i]) }
        return output
    }

    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == output.count, "Sigmoid.backward: gradient shape differs from output")
        inputGradient.resize(like: output)
        let y = output.data, dy = outputGradient.data, dx = inputGradient.data
        for i in 0..<output.count { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        return inputGradient
    }

    /// The logistic function, written so that neither branch overflows `expf`.
    @inline(__always)
    public static func value(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}
