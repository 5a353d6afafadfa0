/// CTGAN's generator block: `y = [ReLU(BatchNorm(Linear(x))), x]` — the transformed features
/// concatenated with the block's input, so the output has `outputSize + inputSize` columns.
public final class ResidualBlock: NeuralModel {
    /// Columns of the block's input.
    public let inputSize: Int
    /// Width of the transformed part (CTGAN: 256).
    public let outputSize: Int
    /// The block's linear layer, `inputSize → outputSize`.
    public let linear: Linear
    /// Batch normalization of the linear output.
    public let batchNorm: BatchNorm1d
    /// `batch × (outputSize + inputSize)`.
    public let output = Matrix(rows: 0, columns: 0)
    /// ∂loss/∂input of the last backward (the linear layer's buffer, with the pass-through part added).
    public var inputGradient: Matrix { linear.inputGradient }
    private let transformedGradient = Matrix(rows: 0, columns: 0)

    /// A block whose tensors are named under `name`, initialized from `generator`.
    public init(inputSize: Int, outputSize: Int, name: String, generator: inout some RandomNumberGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        linear = Linear(inputSize: inputSize, outputSize: outputSize, name: name + ".linear", generator: &generator)
        batchNorm = BatchNorm1d(features: outputSize, name: name + ".batchNorm")
        parameters = linear.parameters + batchNorm.parameters
    }

    /// Width of the block's output.
    public var outputWidth: Int { outputSize + inputSize }
    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]
    /// The BatchNorm running statistics.
    public var buffers: [(name: String, value: Matrix)] { batchNorm.buffers }
    /// Training (batch statistics) or evaluation (running statistics) for the BatchNorm.
    public var isTraining: Bool {
        get { batchNorm.isTraining }
        set { batchNorm.isTraining = newValue }
    }

    /// The ReLU is fused into the copy to the output's first columns: one pass instead of two.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        let normalized = batchNorm.forward(linear.forward(input))
        output.resize(rows: input.rows, columns: outputWidth)
        let width = outputSize, outputWidth = outputWidth
        ComputePool.shared.forEachRowRange(rows: input.rows, columns: width) { rows in
            for r in rows {
                let from = normalized.data + r * width, to = output.data + r * outputWidth
                for c in 0..<width { to[c] = max(from[c], 0) }
            }
        }
        output.setColumns(startingAt: outputSize, from: input)
        return output
    }

    /// Back-propagates; the input gradient is the transformed path's plus the pass-through part.
    /// The network's first block can skip it (`inputGradients: false`).
    @discardableResult
    public func backward(_ outputGradient: Matrix, inputGradients: Bool = true) -> Matrix {
        precondition(outputGradient.columns == outputWidth, "ResidualBlock gradient has \(outputGradient.columns) columns")
        transformedGradient.resize(rows: outputGradient.rows, columns: outputSize)
        let width = outputSize, outputWidth = outputWidth
        ComputePool.shared.forEachRowRange(rows: outputGradient.rows, columns: width) { rows in
            for r in rows {
                // ReLU backward fused with taking the transformed part: pass where the output is positive.
                let dy = outputGradient.data + r * outputWidth, y = output.data + r * outputWidth
                let to = transformedGradient.data + r * width
                for c in 0..<width {
                    let g = dy[c]
                    to[c] = y[c] > 0 ? g : 0
                }
            }
        }
        let dx = linear.backward(batchNorm.backward(transformedGradient), inputGradients: inputGradients)
        if inputGradients { outputGradient.extractColumns(startingAt: outputSize, into: dx, accumulate: true) }
        return dx
    }
}
