import Foundation
import ProfileGANNeural
import ProfileGANRandom
import ProfileGANTransforms
import Testing
@testable import ProfileGANSynthesizer

@Suite struct OutputSamplerTests {
    @Test func oneHotBlocksAreDrawnFromTheSoftmaxAndScalarsSquashed() {
        let sampler = OutputSampler(segments: [
            OutputSegment(start: 0, length: 1, activation: .tanh),
            OutputSegment(start: 1, length: 3, activation: .softmax),
        ])
        let logits: [Float] = [0.3, 1.0, 2.0, -1.0]
        let rows = 60_000
        let matrix = Matrix(rows: rows, columns: 4) { _, c in logits[c] }
        var rng = SeededGenerator(seed: 8)
        sampler.apply(to: matrix, rng: &rng)
        var counts = [0, 0, 0]
        for r in 0..<rows {
            #expect(abs(matrix[r, 0] - tanhf(0.3)) < 1e-6)  // vectorized tanhf may differ by an ulp
            let block = (1...3).map { matrix[r, $0] }
            #expect(block.filter { $0 == 1 }.count == 1 && block.filter { $0 == 0 }.count == 2)
            counts[block.firstIndex(of: 1)!] += 1
        }
        let exps = logits[1...].map { exp(Double($0)) }
        let total = exps.reduce(0, +)
        for (count, weight) in zip(counts, exps) {
            #expect(abs(Double(count) / Double(rows) - weight / total) < 0.01)
        }
    }

    /// The sampler's cheap tanh stays within Float rounding of the true one, and saturates.
    @Test func fastTanhIsAccurate() {
        var largestError = 0.0
        for i in -40_000...40_000 {
            let x = Float(i) * 0.0005
            largestError = max(largestError, abs(Double(OutputSampler.tanh(x)) - Foundation.tanh(Double(x))))
        }
        #expect(largestError < 2e-7)
        #expect(OutputSampler.tanh(100) == 1 && OutputSampler.tanh(-100) == -1)
        #expect(OutputSampler.tanh(0) == 0)
    }
}
