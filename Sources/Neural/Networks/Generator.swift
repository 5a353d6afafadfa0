/// CTGAN's generator network: `[noise, condition]` → residual blocks → `Linear` to the data width.
///
/// The output is raw (pre-activation); apply a ``SegmentedActivation`` matching the data
/// transformer's column layout. With the defaults (`hiddenSizes: [256, 256]`) the block widths are
/// `in → 256+in → 512+in → dataWidth`.
public final class Generator: NeuralModel {
    /// Noise plus condition width.
    public let inputSize: Int
    /// Width of the generated (transformed) rows.
    public let dataWidth: Int
    /// The residual blocks, first to last.
    public let blocks: [ResidualBlock]
    /// The final linear layer to `dataWidth` columns.
    public let head: Linear

    /// - Parameters:
    ///   - inputSize: noise dimension (CTGAN: 128) plus the condition vector's width.
    ///   - hiddenSizes: each residual block's transformed width.
    ///   - dataWidth: width of the transformed data rows.
    public init(
        inputSize: Int, hiddenSizes: [Int] = [256, 256], dataWidth: Int, name: String = "generator",
        generator: inout some RandomNumberGenerator
    ) {
        self.inputSize = inputSize
        self.dataWidth = dataWidth
        var width = inputSize
        var blocks = [ResidualBlock]()
        for (i, hidden) in hiddenSizes.enumerated() {
            let block = ResidualBlock(inputSize: width, outputSize: hidden, name: "\(name).residual\(i)", generator: &generator)
            blocks.append(block)
            width = block.outputWidth
        }
        self.blocks = blocks
        head = Linear(inputSize: width, outputSize: dataWidth, name: name + ".head", generator: &generator)
        parameters = blocks.flatMap(\.parameters) + head.parameters
    }

    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]
    /// Every block's BatchNorm running statistics.
    public var buffers: [(name: String, value: Matrix)] { blocks.flatMap(\.buffers) }

    /// Training (BatchNorm batch statistics, running statistics updated) or evaluation.
    public var isTraining: Bool {
        get { blocks.first?.isTraining ?? true }
        set { for b in blocks { b.isTraining = newValue } }
    }

    /// The raw output, `batch × dataWidth`.
    public var output: Matrix { head.output }

    /// `input` is `batch × inputSize` (noise and condition side by side).
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        precondition(input.columns == inputSize, "Generator expects \(inputSize) input columns, got \(input.columns)")
        var x = input
        for block in blocks { x = block.forward(x) }
        return head.forward(x)
    }

    /// Accumulates parameter gradients from ∂loss/∂output. No input gradient: the input is noise
    /// and a sampled condition, neither of which is trained.
    public func backward(_ outputGradient: Matrix) {
        var gradient = head.backward(outputGradient, inputGradients: !blocks.isEmpty)
        for i in stride(from: blocks.count - 1, through: 0, by: -1) {
            gradient = blocks[i].backward(gradient, inputGradients: i > 0)
        }
    }
}
