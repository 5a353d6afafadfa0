/// MADE (Germain et al., 2015) over blocks of one-hot inputs: the input is the concatenation of
/// `blockSizes.count` one-hot blocks, the output has the same layout as logits, and the masks make
/// block k's logits depend only on blocks 0..<k — so one network gives every conditional
/// p(x_k | x_<k), and the product of its softmaxes is a proper joint law.
///
/// Layers: masked `Linear` + ReLU per hidden size, a masked linear head, plus a masked direct
/// connection from the input to the head (block j → block k for j < k), which carries
/// simple pairwise dependencies without going through the hidden units.
///
/// Degrees: input and output units of block j have degree j + 1; hidden unit u has degree
/// 1 + u mod (K − 1). A hidden unit of degree d reads inputs of degree ≤ d; an output of degree k
/// reads hidden units of degree < k (MADE's rule). Knows nothing of tables: blocks are just widths.
public final class MaskedAutoregressiveNetwork: NeuralModel {
    /// Each block's width (number of categories).
    public let blockSizes: [Int]
    /// Where each block starts in the input and output rows.
    public let blockOffsets: [Int]
    /// Sum of the block widths.
    public let width: Int
    /// Hidden widths.
    public let hiddenSizes: [Int]
    /// Hidden layers, first to last.
    public let hidden: [MaskedLinear]
    /// ReLUs after each hidden layer.
    public let activations: [ReLU]
    /// The last hidden layer (or the input) to logits.
    public let head: MaskedLinear
    /// Input to logits, strictly earlier blocks only.
    public let skip: MaskedLinear
    /// The last forward result: logits, `batch × width`.
    public let output = Matrix(rows: 0, columns: 0)
    /// ∂loss/∂input of the last backward pass.
    public let inputGradient = Matrix(rows: 0, columns: 0)
    /// Each example's gradient norm before clipping, from the last ``clippedBackward(_:clipNorm:)``
    /// or ``computePerExampleNorms(_:)``.
    public internal(set) var perExampleNorms: [Float] = []
    /// Each example's clip factor min(1, C/‖gᵢ‖) from the last ``clippedBackward(_:clipNorm:)``.
    public internal(set) var clipFactors: [Float] = []
    let scaledOutputGradient = Matrix(rows: 0, columns: 0)
    let normSquares = Matrix(rows: 0, columns: 0)
    let normSpread = Matrix(rows: 0, columns: 0)

    public init(blockSizes: [Int], hiddenSizes: [Int] = [256, 256], name: String = "made",
                generator: inout some RandomNumberGenerator) {
        precondition(!blockSizes.isEmpty && blockSizes.allSatisfy { $0 >= 1 }, "at least one block, each at least 1 wide")
        self.blockSizes = blockSizes
        self.hiddenSizes = hiddenSizes
        var offsets: [Int] = [], offset = 0
        var unitDegree: [Int] = []
        for (j, size) in blockSizes.enumerated() {
            offsets.append(offset)
            offset += size
            unitDegree += Array(repeating: j + 1, count: size)
        }
        blockOffsets = offsets
        width = offset
        let k = blockSizes.count
        var previousDegrees = unitDegree
        var layers: [MaskedLinear] = []
        var inputWidth = width
        for (l, size) in hiddenSizes.enumerated() {
            let degrees = (0..<size).map { 1 + $0 % max(1, k - 1) }
            let before = previousDegrees
            layers.append(MaskedLinear(inputSize: inputWidth, outputSize: size, mask: { o, i in degrees[o] >= before[i] },
                                       name: "\(name).hidden\(l)", generator: &generator))
            previousDegrees = degrees
            inputWidth = size
        }
        hidden = layers
        activations = hiddenSizes.map { _ in ReLU() }
        let last = previousDegrees
        head = MaskedLinear(inputSize: inputWidth, outputSize: width, mask: { o, i in unitDegree[o] > last[i] },
                            name: name + ".head", generator: &generator)
        skip = MaskedLinear(inputSize: width, outputSize: width, mask: { o, i in unitDegree[o] > unitDegree[i] },
                            name: name + ".skip", generator: &generator)
        // The skip's bias would duplicate the head's: keep it at zero and out of the optimizer.
        skip.bias.value.fill(0)
        parameters = layers.flatMap(\.parameters) + head.parameters + [skip.weight]
    }

    /// Trainable tensors with their gradients, in a fixed order (the order of the model file).
    public let parameters: [Parameter]

    /// The span of block `k` in the input and output rows.
    public func range(ofBlock k: Int) -> Range<Int> { blockOffsets[k]..<(blockOffsets[k] + blockSizes[k]) }

    /// Logits for `input` (`batch × width`, one-hot blocks; blocks not yet known may hold anything —
    /// they cannot influence the logits of earlier blocks).
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        var x = input
        for (layer, relu) in zip(hidden, activations) { x = relu.forward(layer.forward(x)) }
        output.copy(from: head.forward(x))
        output.add(skip.forward(input))
        return output
    }

    /// Back-propagates ∂loss/∂logits, accumulating every parameter gradient; returns ∂loss/∂input.
    @discardableResult
    public func backward(_ outputGradient: Matrix) -> Matrix {
        var g = head.backward(outputGradient, inputGradients: !hidden.isEmpty)
        for l in stride(from: hidden.count - 1, through: 0, by: -1) {
            g = hidden[l].backward(activations[l].backward(g))
        }
        inputGradient.copy(from: hidden.isEmpty ? Matrix(rows: outputGradient.rows, columns: width) : g)
        inputGradient.add(skip.backward(outputGradient))
        skip.bias.zeroGradient()
        return inputGradient
    }
}
