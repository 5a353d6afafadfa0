/// CTGAN's generator block: `y = [ReLU(BatchNorm(Linear(x))), x]` — the transformed features
/// concatenated with the block's input, so the output has `outputSize + inputSize` columns.
public final class ResidualBlock: NeuralModel {
    public let inputSize: Int
    public let outputSize: Int
    public let linear: Linear
    public let batchNorm: BatchNorm1d
    public let relu = ReLU()
    /// `batch × (outputSize + inputSize)`.
    public let output = Matrix(rows: 0, columns: 0)
    public let inputGradient = Matrix(rows: 0, columns: 0)
    private let transformedGradient = Matrix(rows: 0, columns: 0)

    public init(inputSize: Int, outputSize: Int, name: String, generator: inout some RandomNumberGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        linear = Linear(inputSize: inputSize, outputSize: outputSize, name: name + ".linear", generator: &generator)
        batchNorm = BatchNorm1d(features: outputSize, name: name + ".batchNorm")
    }

    /// Width of the block's output.
    public var outputWidth: Int { outputSize + inputSize }
    public var parameters: [Parameter] { linear.parameters + batchNorm.parameters }
    public var buffers: [(name: String, value: Matrix)] { batchNorm.buffers }
    /// Training (batch statistics) or evaluation (running statistics) for the BatchNorm.
    public var isTraining: Bool {
        get { batchNorm.isTraining }
        set { batchNorm.isTraining = newValue }
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        let transformed = relu.forward(batchNorm.forward(linear.forward(input)))
        output.resize(rows: input.rows, columns: outputWidth)
        output.setColumns(startingAt: 0, from: transformed)
        output.setColumns(startingAt: outputSize, from: input)
        return output
    }

    /// Back-propagates; the input gradient is the transformed path's plus the pass-through part.
    /// The network's first block can skip it (`inputGradients: false`).
    @discardableResult
    public func backward(_ outputGradient: Matrix, inputGradients: Bool = true) -> Matrix {
        precondition(outputGradient.columns == outputWidth, "ResidualBlock gradient has \(outputGradient.columns) columns")
        transformedGradient.resize(rows: outputGradient.rows, columns: outputSize)
        outputGradient.extractColumns(startingAt: 0, into: transformedGradient)
        let throughBatchNorm = batchNorm.backward(relu.backward(transformedGradient))
        let dx = linear.backward(throughBatchNorm, inputGradients: inputGradients)
        if inputGradients {
            inputGradient.copy(from: dx)
            outputGradient.extractColumns(startingAt: outputSize, into: inputGradient, accumulate: true)
        }
        return inputGradient
    }
}
