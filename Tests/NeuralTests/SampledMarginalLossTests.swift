#if canImport(Glibc)
import Glibc
#endif
import Testing
import ProfileGANNeural
import ProfileGANRandom

@Suite struct SampledMarginalLossTests {
    /// Two blocks (3 and 4 tokens) over a 7-wide logit row, with drawn tokens for 6 rows.
    let blocks = [0..<3, 3..<7]
    let tokens: [Int32] = [0, 1, 2, 3, 1, 0, 0, 2, 2, 1, 1, 3]

    func softmax(_ logits: Matrix, row r: Int, block: Range<Int>) -> [Double] {
        let z = block.map { exp(Double(logits[r, $0])) }
        let sum = z.reduce(0, +)
        return z.map { $0 / sum }
    }

    @Test func oneWayIsTheMeanConditionalAndMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 11)
        let logits = randomMatrix(6, 7, scale: 2, generator: &g)
        let target: [Float] = [0.1, 0.2, 0.3, 0.4]
        let gradient = Matrix(rows: 6, columns: 7)
        let loss = SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: blocks,
                                            targets: [.init(block: 1, distribution: target)], accumulatingGradientInto: gradient)
        var marginal = [Double](repeating: 0, count: 4)
        for r in 0..<6 { for (y, p) in softmax(logits, row: r, block: 3..<7).enumerated() { marginal[y] += p / 6 } }
        let expected = (0..<4).reduce(0.0) { $0 + Double(target[$1]) * log(Double(target[$1]) / marginal[$1]) }
        #expect(abs(Double(loss) - expected) < 1e-5)
        for r in 0..<6 { for c in 0..<3 { #expect(gradient[r, c] == 0, "a block no target reads gets no gradient") } }
        let error = finiteDifferenceError(of: logits, analytic: gradient.values, step: 1e-2) {
            Double(SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: blocks, targets: [.init(block: 1, distribution: target)]))
        }
        #expect(error < 2e-3)
    }

    @Test func pairIndexesByTheEarlierDrawnTokenAndMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 12)
        let logits = randomMatrix(6, 7, scale: 2, generator: &g)
        var target = [Float](repeating: 0, count: 12)
        for i in 0..<12 { target[i] = Float(i + 1) / 78 }
        let pair = SampledMarginalLoss.Target(block: 1, given: 0, distribution: target)
        let gradient = Matrix(rows: 6, columns: 7)
        let loss = SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: blocks, targets: [pair], accumulatingGradientInto: gradient)
        // m(x, y) = mean over rows of 1[row's token of block 0 = x] · p₁(y | row).
        var marginal = [Double](repeating: 0, count: 12)
        for r in 0..<6 {
            let x = Int(tokens[r * 2])
            for (y, p) in softmax(logits, row: r, block: 3..<7).enumerated() { marginal[x * 4 + y] += p / 6 }
        }
        var expected = 0.0
        for i in 0..<12 { expected += Double(target[i]) * log(Double(target[i]) / max(marginal[i], 1e-6)) }
        #expect(abs(Double(loss) - expected) / expected < 1e-4)
        // The earlier block's tokens are constants: its logits get no gradient.
        for r in 0..<6 { for c in 0..<3 { #expect(gradient[r, c] == 0) } }
        let error = finiteDifferenceError(of: logits, analytic: gradient.values, step: 1e-2) {
            Double(SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: blocks, targets: [pair]))
        }
        #expect(error < 2e-3)
    }

    @Test func descentOnTheConditionalsLearnsTheTargetDependence() {
        // Two binary blocks; rows drawn with block 0 = 0 or 1 equally. Target: block 1 copies block 0.
        // Free logits per row (a stand-in for the network) trained on the pair loss must make
        // p₁(1 | token 1) high and p₁(1 | token 0) low — the dependence a one-way target cannot teach.
        let rows = 40
        let twoBlocks = [0..<2, 2..<4]
        var tokens = [Int32](repeating: 0, count: rows * 2)
        for r in 0..<rows { tokens[r * 2] = Int32(r % 2) }
        let logits = Matrix(rows: rows, columns: 4)
        let target = SampledMarginalLoss.Target(block: 1, given: 0, distribution: [0.45, 0.05, 0.05, 0.45])
        let gradient = Matrix(rows: rows, columns: 4)
        let first = SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: twoBlocks, targets: [target])
        for _ in 0..<300 {
            gradient.fill(0)
            SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: twoBlocks, targets: [target], accumulatingGradientInto: gradient)
            for i in 0..<logits.count { logits.data[i] -= 2 * Float(rows) * gradient.data[i] }
        }
        let last = SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: twoBlocks, targets: [target])
        #expect(last < first / 10)
        let given0 = softmax(logits, row: 0, block: 2..<4), given1 = softmax(logits, row: 1, block: 2..<4)
        #expect(given0[0] > 0.85 && given1[1] > 0.85)
    }
}
