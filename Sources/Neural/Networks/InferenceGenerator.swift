/// A ``Generator`` in evaluation mode compiled for generating rows fast: the same function as
/// `Generator.forward` with `isTraining == false`, computed with fewer and better-shaped products.
///
/// What the compilation does, once, when the network is built:
/// - **BatchNorm folded into the linear layers.** In evaluation a block computes
///   `ReLU(γ·(W x + b − μ)/√(σ² + ε) + β)`, which is `ReLU(W′x + b′)` with `W′ = diag(γ/√(σ² + ε))·W`
///   and `b′ = γ·(b − μ)/√(σ² + ε) + β`.
/// - **No concatenation.** A residual block's output `[h, x]` is only ever multiplied by the next
///   layers' weights, so every layer's product splits into one product per piece (`h₀`, `h₁`, …, the
///   noise). Each piece is multiplied once by the stacked weights of *all* the layers that read it,
///   accumulating into one wide buffer `[P₀ | P₁ | … | head]` of pre-activations; `hⱼ = ReLU(Pⱼ + b′ⱼ)`
///   is then written in place over `Pⱼ`. Each activation is packed by sgemm once instead of once per
///   layer that reads it, and nothing is copied.
/// - **The condition is a bias.** The trailing ``conditionWidth`` input columns (CTGAN's conditional
///   vector) are one-hot, so their product with the weights is one column of each weight matrix:
///   condition entry `c` selects a precomputed bias row. Rows whose condition is not one-hot (any
///   other vector, including all zeros) get their bias row computed from the condition weights.
/// - **Rows in chunks.** A batch runs through the network ``chunkRows`` rows at a time, so the wide
///   buffer stays in the core's cache between the products.
///
/// Results equal the evaluation-mode `Generator.forward` up to Float rounding (the order of the
/// sums changes), and do not depend on the chunk size. The network copies the generator's weights
/// and running statistics: build a new one after further training.
public final class InferenceGenerator {
    /// Noise plus condition width (the generator's input width).
    public let inputSize: Int
    /// Trailing input columns read as a (usually one-hot) condition vector.
    public let conditionWidth: Int
    /// Width of the generated (transformed) rows.
    public let dataWidth: Int
    /// Rows pushed through the network together.
    public let chunkRows: Int
    /// Width of each residual block's transformed part.
    let hiddenSizes: [Int]
    /// Column of each block's pre-activations in the wide buffer; the last entry is the head's.
    let offsets: [Int]
    /// Σ hidden sizes + data width: the wide buffer's row width.
    let width: Int
    /// `stageWeights[0]`: every layer's (folded) weights of the noise columns, `width × noiseWidth`;
    /// `stageWeights[j + 1]`: the weights of block j's output `hⱼ` in every later layer,
    /// `(width − offsets[j + 1]) × hiddenSizes[j]`. Row-major `outputs × inputs`, as `Linear`'s.
    let stageWeights: [Matrix]
    /// Row 0: every layer's folded bias side by side (`width` wide); row 1 + c: row 0 plus
    /// condition column c's weights.
    let biasRows: Matrix
    /// `conditionWidth × width`: condition column c's weights in every layer (for rows whose
    /// condition is not one-hot).
    let conditionWeights: Matrix

    // Workspaces (one network per thread).
    let wide: Matrix
    /// Bias rows of the current chunk's rows whose condition is not one-hot (sized on first use).
    let customBiases: Matrix
    let rowBiases: UnsafeMutablePointer<UnsafePointer<Float>>

    /// Compiles `generator`'s current weights and BatchNorm running statistics.
    /// - Parameters:
    ///   - conditionWidth: how many trailing input columns are the condition vector (0 for none).
    ///   - chunkRows: rows per pass through the network. Each pass re-packs the weights inside
    ///     sgemm, so passes should be tall, but the wide buffer (`chunkRows` × (Σ hidden + data
    ///     width) floats, 2–3 MB for CTGAN's sizes at 1024) should stay in cache.
    public init(_ generator: Generator, conditionWidth: Int, chunkRows: Int = 1024) {
        precondition(conditionWidth >= 0 && conditionWidth <= generator.inputSize, "condition width out of range")
        precondition(chunkRows >= 1, "chunkRows must be at least 1")
        inputSize = generator.inputSize
        self.conditionWidth = conditionWidth
        dataWidth = generator.dataWidth
        self.chunkRows = chunkRows
        hiddenSizes = generator.blocks.map(\.outputSize)
        var offsets = [0]
        for h in hiddenSizes { offsets.append(offsets.last! + h) }
        self.offsets = offsets
        width = offsets.last! + dataWidth

        let layers = generator.blocks.map { FoldedLayer(block: $0) } + [FoldedLayer(linear: generator.head)]
        let noiseWidth = inputSize - conditionWidth
        // Layer l reads [h_{l−1}, …, h₀, x]: hⱼ starts at column offsets[l] − offsets[j + 1], x at offsets[l].
        func copyColumns(of layer: Int, from start: Int, count: Int, into matrix: Matrix, firstRow: Int) {
            let l = layers[layer]
            for o in 0..<l.outputs {
                let source = l.weight + o * l.inputs + start, target = matrix.data + (firstRow + o) * matrix.columns
                for i in 0..<count { target[i] = l.scale[o] * source[i] }
            }
        }
        var stages = [Matrix(rows: width, columns: noiseWidth)]
        for l in layers.indices { copyColumns(of: l, from: offsets[l], count: noiseWidth, into: stages[0], firstRow: offsets[l]) }
        for (j, hidden) in hiddenSizes.enumerated() {
            let stage = Matrix(rows: width - offsets[j + 1], columns: hidden)
            for l in (j + 1)..<layers.count {
                copyColumns(of: l, from: offsets[l] - offsets[j + 1], count: hidden, into: stage, firstRow: offsets[l] - offsets[j + 1])
            }
            stages.append(stage)
        }
        stageWeights = stages

        let transposedConditions = Matrix(rows: width, columns: conditionWidth)
        for l in layers.indices {
            copyColumns(of: l, from: offsets[l] + noiseWidth, count: conditionWidth, into: transposedConditions, firstRow: offsets[l])
        }
        conditionWeights = Matrix(rows: conditionWidth, columns: width) { c, o in transposedConditions[o, c] }
        biasRows = Matrix(rows: conditionWidth + 1, columns: width)
        for (l, layer) in layers.enumerated() {
            for o in 0..<layer.outputs { biasRows[0, offsets[l] + o] = layer.bias[o] }
        }
        for c in 0..<conditionWidth {
            for o in 0..<width { biasRows[c + 1, o] = biasRows[0, o] + conditionWeights[c, o] }
        }

        wide = Matrix(rows: chunkRows, columns: width)
        customBiases = Matrix(rows: 0, columns: 0)
        rowBiases = .allocate(capacity: chunkRows)
        rowBiases.initialize(repeating: UnsafePointer(biasRows.data), count: chunkRows)
    }

    deinit { rowBiases.deallocate() }
}

/// One layer in evaluation mode as `y = scale ⊙ (W x) + bias` (W unscaled, borrowed from the layer).
private struct FoldedLayer {
    let outputs: Int
    let inputs: Int
    let weight: UnsafePointer<Float>
    let scale: [Float]
    let bias: [Float]

    /// Linear → BatchNorm with running statistics.
    init(block: ResidualBlock) {
        let linear = block.linear, norm = block.batchNorm
        outputs = linear.outputSize
        inputs = linear.inputSize
        weight = UnsafePointer(linear.weight.value.data)
        let scale = (0..<linear.outputSize).map { o in
            norm.scale.value.data[o] / (norm.runningVariance.data[o] + norm.epsilon).squareRoot()
        }
        self.scale = scale
        bias = scale.indices.map { o in
            scale[o] * (linear.bias.value.data[o] - norm.runningMean.data[o]) + norm.shift.value.data[o]
        }
    }

    /// A plain linear layer.
    init(linear: Linear) {
        outputs = linear.outputSize
        inputs = linear.inputSize
        weight = UnsafePointer(linear.weight.value.data)
        scale = [Float](repeating: 1, count: outputs)
        bias = Array(UnsafeBufferPointer(start: linear.bias.value.data, count: outputs))
    }
}
