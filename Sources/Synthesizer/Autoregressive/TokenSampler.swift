#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANNeural
import ProfileGANRandom

/// Draws token rows from a trained ``MaskedAutoregressiveNetwork``: K forward passes for K token
/// columns, each fixing column k from softmax(logits of block k) given the columns drawn before.
/// Blocks not yet drawn are zero in the input; the masks make them irrelevant to block k.
final class TokenSampler {
    let network: MaskedAutoregressiveNetwork
    private let input = Matrix(rows: 0, columns: 0)

    init(network: MaskedAutoregressiveNetwork) { self.network = network }

    /// `rows × blockSizes.count` tokens, row-major.
    func sample(rows: Int, rng: inout SeededGenerator) -> [Int32] {
        let k = network.blockSizes.count
        input.resize(rows: rows, columns: network.width)
        input.fill(0)
        var tokens = [Int32](repeating: 0, count: rows * k)
        var probabilities = [Float](repeating: 0, count: network.blockSizes.max() ?? 1)
        for c in 0..<k {
            let logits = network.forward(input)
            let span = network.range(ofBlock: c)
            for r in 0..<rows {
                let x = logits.data + r * logits.columns
                var largest = -Float.infinity
                for j in span { largest = max(largest, x[j]) }
                var sum: Float = 0
                for (i, j) in span.enumerated() {
                    probabilities[i] = expf(x[j] - largest)
                    sum += probabilities[i]
                }
                var u = rng.nextUnitFloat() * sum
                var chosen = span.count - 1
                for i in 0..<span.count {
                    u -= probabilities[i]
                    if u < 0 { chosen = i; break }
                }
                tokens[r * k + c] = Int32(chosen)
                input[r, span.lowerBound + chosen] = 1
            }
        }
        return tokens
    }
}
