#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANNeural
import ProfileGANRandom

/// Draws token rows from a trained ``MaskedAutoregressiveNetwork``: one pass per token column,
/// each fixing column k from softmax(logits of block k) given the columns drawn before.
///
/// A pass does only the work that changes. Drawing token t of a block switches on one input unit
/// u, so the first hidden layer's pre-activation and the direct (skip) connection's output are
/// updated by adding column u of their masked weights to that row, instead of multiplying the whole
/// input again; and the head computes only block k's logits (its rows of the masked head weight are
/// contiguous). The hidden layers after the first are recomputed in full — their input changes
/// everywhere. On a 256-256 network over 95 input units this is about half the arithmetic of a
/// full forward pass per column. A network without hidden layers is sampled by full passes.
/// Tokens outside the model's ``TokenSupport`` get probability 0.
/// @unchecked Sendable: one generation thread uses a sampler (and its own network copy) at a time.
final class TokenSampler: @unchecked Sendable {
    let network: MaskedAutoregressiveNetwork
    /// Per block, whether each token may be drawn; nil: every token may.
    private let allowed: [[Bool]]?
    /// Row u: the first hidden layer's masked weights from input unit u (`width × hidden[0]`).
    private let firstLayerColumns: Matrix
    /// Row u: the skip connection's masked weights from input unit u (`width × width`).
    private let skipColumns: Matrix
    /// Per block: the head's masked weight rows of that block (`blockSize × lastHidden`) and biases.
    private let headBlocks: [Matrix]
    private let headBiases: [[Float]]
    private let firstPreActivation = Matrix(rows: 0, columns: 0)
    private let skipOutput = Matrix(rows: 0, columns: 0)
    private let blockLogits = Matrix(rows: 0, columns: 0)
    private let input = Matrix(rows: 0, columns: 0)

    init(network: MaskedAutoregressiveNetwork, support: TokenSupport? = nil) {
        self.network = network
        allowed = support.flatMap { $0.isFull ? nil : $0.allowed(vocabularySizes: network.blockSizes) }
        func masked(_ layer: MaskedLinear) -> Matrix {
            Matrix(rows: layer.outputSize, columns: layer.inputSize) { o, i in layer.weight.value[o, i] * layer.mask[o, i] }
        }
        let width = network.width
        if let first = network.hidden.first {
            let w = masked(first)
            firstLayerColumns = Matrix(rows: width, columns: first.outputSize) { u, o in w[o, u] }
        } else {
            firstLayerColumns = Matrix(rows: 0, columns: 0)
        }
        let skip = masked(network.skip)
        skipColumns = Matrix(rows: width, columns: width) { u, o in skip[o, u] }
        let head = masked(network.head)
        headBlocks = network.blockSizes.indices.map { k in
            let span = network.range(ofBlock: k)
            return Matrix(rows: span.count, columns: head.columns) { o, i in head[span.lowerBound + o, i] }
        }
        headBiases = network.blockSizes.indices.map { k in network.range(ofBlock: k).map { network.head.bias.value[0, $0] } }
    }

    /// `rows × blockSizes.count` tokens, row-major.
    func sample(rows: Int, rng: inout SeededGenerator) -> [Int32] {
        guard let first = network.hidden.first else { return sampleByFullPasses(rows: rows, rng: &rng) }
        let k = network.blockSizes.count, width = network.width
        firstPreActivation.resize(rows: rows, columns: first.outputSize)
        for r in 0..<rows {
            for o in 0..<first.outputSize { firstPreActivation[r, o] = first.bias.value[0, o] }
        }
        skipOutput.resize(rows: rows, columns: width)
        skipOutput.fill(0)
        var tokens = [Int32](repeating: 0, count: rows * k)
        var probabilities = [Float](repeating: 0, count: network.blockSizes.max() ?? 1)
        for c in 0..<k {
            var x = network.activations[0].forward(firstPreActivation)
            for l in 1..<network.hidden.count { x = network.activations[l].forward(network.hidden[l].forward(x)) }
            let span = network.range(ofBlock: c)
            blockLogits.resize(rows: rows, columns: span.count)
            blockLogits.multiply(x, by: headBlocks[c], transposingB: true, beta: 0)
            let bias = headBiases[c], allowedTokens = allowed?[c]
            for r in 0..<rows {
                let logits = blockLogits.data + r * span.count
                let direct = skipOutput.data + r * width + span.lowerBound
                for j in 0..<span.count { logits[j] += bias[j] + direct[j] }
                let chosen = Self.draw(logits, count: span.count, allowed: allowedTokens, probabilities: &probabilities, rng: &rng)
                tokens[r * k + c] = Int32(chosen)
                let unit = span.lowerBound + chosen
                Self.addRow(unit, of: firstLayerColumns, toRow: r, of: firstPreActivation)
                Self.addRow(unit, of: skipColumns, toRow: r, of: skipOutput)
            }
        }
        return tokens
    }

    /// The same draw through full forward passes (a network without hidden layers; tests compare).
    func sampleByFullPasses(rows: Int, rng: inout SeededGenerator) -> [Int32] {
        let k = network.blockSizes.count
        input.resize(rows: rows, columns: network.width)
        input.fill(0)
        var tokens = [Int32](repeating: 0, count: rows * k)
        var probabilities = [Float](repeating: 0, count: network.blockSizes.max() ?? 1)
        for c in 0..<k {
            let logits = network.forward(input)
            let span = network.range(ofBlock: c), allowedTokens = allowed?[c]
            for r in 0..<rows {
                let chosen = Self.draw(logits.data + r * logits.columns + span.lowerBound, count: span.count,
                                       allowed: allowedTokens, probabilities: &probabilities, rng: &rng)
                tokens[r * k + c] = Int32(chosen)
                input[r, span.lowerBound + chosen] = 1
            }
        }
        return tokens
    }

    /// A draw from softmax(`logits[0..<count]`) restricted to the `allowed` tokens.
    private static func draw(_ logits: UnsafeMutablePointer<Float>, count: Int, allowed: [Bool]?, probabilities: inout [Float],
                             rng: inout SeededGenerator) -> Int {
        var largest = -Float.infinity
        var sum: Float = 0
        if let allowed {
            for j in 0..<count where allowed[j] { largest = max(largest, logits[j]) }
            for j in 0..<count {
                probabilities[j] = allowed[j] ? expf(logits[j] - largest) : 0
                sum += probabilities[j]
            }
        } else {
            for j in 0..<count { largest = max(largest, logits[j]) }
            for j in 0..<count {
                probabilities[j] = expf(logits[j] - largest)
                sum += probabilities[j]
            }
        }
        var u = rng.nextUnitFloat() * sum
        var last = 0
        for j in 0..<count where probabilities[j] > 0 {
            u -= probabilities[j]
            if u < 0 { return j }
            last = j
        }
        return last
    }

    private static func addRow(_ source: Int, of table: Matrix, toRow row: Int, of target: Matrix) {
        let from = table.data + source * table.columns, to = target.data + row * target.columns
        for j in 0..<table.columns { to[j] += from[j] }
    }
}
