import ProfileGANRandom

/// CTGAN's discriminator (critic): rows are packed `pac` at a time (PacGAN), then
/// `Linear → LeakyReLU(0.2) → Dropout(0.5)` per hidden size, then `Linear → 1`.
///
/// ``forward(_:)`` takes *unpacked* rows (`batch × dataWidth`, batch divisible by `pac`); since
/// storage is row-major, `pac` consecutive rows side by side are one packed row, so packing is a
/// copy of the same bytes into a `batch/pac × pac·dataWidth` matrix. One *example* for
/// per-example clipping is one packed row. Because nothing couples rows (no BatchNorm), forward
/// and backward on two batches one after the other accumulate the same gradients as one pass over
/// both.
public final class Discriminator: NeuralModel {
    /// Columns of one unpacked input row.
    public let dataWidth: Int
    /// Rows per packed example.
    public let pac: Int
    /// Hidden linear layers followed by the output layer (last).
    public let linears: [Linear]
    /// The LeakyReLU after each hidden linear layer.
    public let activations: [LeakyReLU]
    /// The dropout after each LeakyReLU.
    public let dropouts: [Dropout]
    /// The packed input of the last forward pass, `batch/pac × pac·dataWidth`.
    public let packedInput = Matrix(rows: 0, columns: 0)
    /// ∂loss/∂input of the last backward, unpacked (`batch × dataWidth`), when requested.
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// Per-example (per packed row) gradient norms of the last ``clippedBackward(_:clipNorm:)``.
    public internal(set) var perExampleNorms: [Float] = []
    /// The factor min(1, C/‖gᵢ‖) applied to each example in the last clipped backward.
    public internal(set) var clipFactors: [Float] = []
    var squaredNormSums: [Double] = []
    var normScratch: [Float] = []
    let scaledGradient = Matrix(rows: 0, columns: 0)
    /// The output gradient each linear layer received in the last backward (δ per layer).
    var linearOutputGradients: [Matrix] = []
    /// Gradient-penalty workspaces: the all-ones score gradient and two ping-pong buffers.
    let unitScoreGradient = Matrix(rows: 0, columns: 0)
    let penaltyBuffers = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))

    /// - Parameters:
    ///   - dataWidth: width of one transformed data row.
    ///   - pac: rows per packed example (CTGAN: 10).
    ///   - hiddenSizes: CTGAN: [256, 256].
    ///   - dropoutRate: CTGAN: 0.5.
    ///   - generator: draws the initial weights and one seed per dropout layer's own stream.
    public init(
        dataWidth: Int, pac: Int = 10, hiddenSizes: [Int] = [256, 256], dropoutRate: Float = 0.5,
        leakySlope: Float = 0.2, name: String = "discriminator", generator: inout some RandomNumberGenerator
    ) {
        precondition(pac >= 1 && dataWidth >= 1, "pac and dataWidth must be positive")
        self.dataWidth = dataWidth
        self.pac = pac
        var width = dataWidth * pac
        var linears = [Linear](), activations = [LeakyReLU](), dropouts = [Dropout]()
        for (i, hidden) in hiddenSizes.enumerated() {
            linears.append(Linear(inputSize: width, outputSize: hidden, name: "\(name).linear\(i)", generator: &generator))
            activations.append(LeakyReLU(slope: leakySlope))
            dropouts.append(Dropout(rate: dropoutRate, generator: SeededGenerator(seed: generator.next(), stream: UInt64(i))))
            width = hidden
        }
        linears.append(Linear(inputSize: width, outputSize: 1, name: "\(name).linear\(hiddenSizes.count)", generator: &generator))
        self.linears = linears
        self.activations = activations
        self.dropouts = dropouts
        parameters = linears.flatMap(\.parameters)
    }

    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]

    /// Dropout on (training) or off (evaluation).
    public var isTraining: Bool {
        get { dropouts.first?.isTraining ?? true }
        set { for d in dropouts { d.isTraining = newValue } }
    }

    /// Packed input width, `pac · dataWidth`.
    public var packedWidth: Int { pac * dataWidth }

    /// Scores for each packed example, `batch/pac × 1`.
    @discardableResult
    public func forward(_ rows: Matrix) -> Matrix {
        precondition(rows.columns == dataWidth, "Discriminator expects \(dataWidth) columns, got \(rows.columns)")
        precondition(rows.rows % pac == 0, "batch of \(rows.rows) rows is not a multiple of pac = \(pac)")
        packedInput.resize(rows: rows.rows / pac, columns: packedWidth)
        packedInput.data.update(from: rows.data, count: rows.count)
        return forwardPacked(packedInput)
    }

    /// Forward pass on already packed rows (`examples × pac·dataWidth`).
    @discardableResult
    public func forwardPacked(_ packed: Matrix) -> Matrix {
        precondition(packed.columns == packedWidth, "packed input must have \(packedWidth) columns")
        var x = packed
        for i in activations.indices {
            x = dropouts[i].forward(activations[i].forward(linears[i].forward(x)))
        }
        return linears[linears.count - 1].forward(x)
    }

    /// Back-propagates ∂loss/∂scores. Accumulates parameter gradients when `parameterGradients`;
    /// fills ``inputGradient`` (unpacked) when `inputGradients` (the generator step needs only this).
    public func backward(_ scoreGradient: Matrix, parameterGradients: Bool = true, inputGradients: Bool = false) {
        propagate(scoreGradient, parameterGradients: parameterGradients, inputGradients: inputGradients)
    }

    /// Runs the backward chain, recording each linear layer's output gradient δ for clipping.
    func propagate(_ scoreGradient: Matrix, parameterGradients: Bool, inputGradients: Bool) {
        linearOutputGradients.removeAll(keepingCapacity: true)
        var gradient = scoreGradient
        for i in stride(from: linears.count - 1, through: 0, by: -1) {
            linearOutputGradients.append(gradient)
            let isFirst = i == 0
            let dx = linears[i].backward(gradient, parameterGradients: parameterGradients, inputGradients: !isFirst || inputGradients)
            if isFirst { break }
            gradient = activations[i - 1].backward(dropouts[i - 1].backward(dx))
        }
        linearOutputGradients.reverse()
        if inputGradients {
            let packed = linears[0].inputGradient
            inputGradient.resize(rows: packed.rows * pac, columns: dataWidth)
            inputGradient.data.update(from: packed.data, count: packed.count)
        }
    }
}
