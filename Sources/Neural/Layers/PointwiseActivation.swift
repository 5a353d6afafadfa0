/// A function applied element by element whose derivative can be written in terms of its output
/// (true of ReLU, tanh and the logistic function), so backward needs only the stored output.
public protocol PointwiseFunction {
    /// f(x).
    static func value(_ x: Float) -> Float
    /// f′(x) expressed through y = f(x).
    static func derivative(output y: Float) -> Float
}

/// An element-wise activation layer, `y = F(x)`, `dx = dy·F′` from the stored output.
///
/// Generic so each function's loop is specialized and inlined (ReLU's vectorizes; tanh and the
/// logistic function call libm per element). `@inlinable`, so that callers in other modules get the
/// specialized loop too instead of one protocol call per element (the autoregressive sampler in
/// the synthesizer spent a third of its time in such calls).
public final class PointwiseActivation<F: PointwiseFunction> {
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)

    /// Creates the layer; its buffers take their shape on the first forward pass.
    public init() {}

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @inlinable @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        output.resize(like: input)
        let x = input.data, y = output.data
        for i in 0..<input.count { y[i] = F.value(x[i]) }
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @inlinable @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        precondition(outputGradient.count == output.count, "\(F.self) backward: gradient shape differs from output")
        inputGradient.resize(like: output)
        let y = output.data, dy = outputGradient.data, dx = inputGradient.data
        for i in 0..<output.count { dx[i] = dy[i] * F.derivative(output: y[i]) }
        return inputGradient
    }
}
