/// `y = x` for x > 0, `slope·x` otherwise (CTGAN's discriminator uses slope 0.2).
public final class LeakyReLU {
    /// Slope for negative inputs.
    public let slope: Float
    /// The last forward result, a workspace owned by the layer (overwritten by the next forward).
    public let output = Matrix(rows: 0, columns: 0)
    /// The last backward result, ∂loss/∂input (overwritten by the next backward).
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// The input of the last forward pass (its sign decides the local slope).
    public private(set) var input: Matrix?

    /// A leaky ReLU with the given negative slope.
    public init(slope: Float = 0.2) { self.slope = slope }

    /// Computes the output for `input` (rows = examples) into ``output`` and returns it.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        self.input = input
        output.resize(like: input)
        let x = input.data, y = output.data, a = slope
        ComputePool.shared.forEachRange(of: input.count, grain: ComputePool.elementGrain) { range in
            for i in range {
                let v = x[i]
                y[i] = v > 0 ? v : a * v
            }
        }
        return output
    }

    /// Back-propagates ∂loss/∂output through the last forward pass into ``inputGradient`` and returns it.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        guard let input else { preconditionFailure("LeakyReLU.backward called before forward") }
        precondition(outputGradient.count == input.count, "LeakyReLU.backward: gradient shape differs from input")
        inputGradient.resize(like: input)
        let x = input.data, dy = outputGradient.data, dx = inputGradient.data, a = slope
        ComputePool.shared.forEachRange(of: input.count, grain: ComputePool.elementGrain) { range in
            for i in range {
                let g = dy[i]
                dx[i] = x[i] > 0 ? g : a * g
            }
        }
        return inputGradient
    }
}
