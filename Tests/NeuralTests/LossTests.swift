import Testing
import ProfileGANNeural
import ProfileGANRandom

@Suite struct LossTests {
    @Test func binaryCrossEntropyValueAndGradient() {
        let logits = Matrix(rows: 4, columns: 1, values: [-30, -1, 0.5, 30])
        let gradient = Matrix(rows: 0, columns: 0)
        let loss = BinaryCrossEntropyWithLogits.loss(logits: logits, target: 1, gradient: gradient)
        var expected = 0.0
        for x in logits.values { expected += -log(1 / (1 + exp(-Double(x)))) }
        #expect(abs(Double(loss) - expected / 4) < 1e-5 * expected)
        for (x, g) in zip(logits.values, gradient.values) {
            #expect(abs(Double(g) - (1 / (1 + exp(-Double(x))) - 1) / 4) < 1e-7)
        }
        var g = SeededGenerator(seed: 41)
        let x = randomMatrix(6, 1, scale: 3, generator: &g)
        _ = BinaryCrossEntropyWithLogits.loss(logits: x, target: 0, reduction: .sum, gradient: gradient)
        let error = finiteDifferenceError(of: x, analytic: gradient.values, step: 1e-2) {
            Double(BinaryCrossEntropyWithLogits.loss(logits: x, target: 0, reduction: .sum))
        }
        #expect(error < 1e-3)
    }

    @Test func wassersteinSignsAndGradient() {
        let scores = Matrix(rows: 4, columns: 1, values: [1, 2, 3, 6])
        let gradient = Matrix(rows: 0, columns: 0)
        #expect(WassersteinLoss.loss(scores: scores, side: .real, gradient: gradient) == -3)
        #expect(gradient.values == [-0.25, -0.25, -0.25, -0.25])
        #expect(WassersteinLoss.loss(scores: scores, side: .fake, reduction: .sum, gradient: gradient) == 12)
        #expect(gradient.values == [1, 1, 1, 1])
        #expect(WassersteinLoss.loss(scores: scores, side: .generator) == -3)
    }

    @Test func softmaxCrossEntropyOnABlockWithRowWeights() {
        var g = SeededGenerator(seed: 42)
        let logits = randomMatrix(5, 7, scale: 2, generator: &g)
        let targets = [0, 2, 1, 1, 0], weights: [Float] = [1, 0, 1, 0.5, 1]
        let block = 2..<5
        let gradient = Matrix(rows: 5, columns: 7)
        let loss = SoftmaxCrossEntropy.loss(
            logits: logits, columns: block, targets: targets, rowWeights: weights, accumulatingGradientInto: gradient)
        var expected = 0.0
        for r in 0..<5 {
            let z = block.map { Double(logits[r, $0]) }
            let logSum = log(z.map(exp).reduce(0, +))
            expected += Double(weights[r]) * (logSum - z[targets[r]])
        }
        #expect(abs(Double(loss) - expected / 5) < 1e-5)
        for r in 0..<5 {
            for c in 0..<7 where !block.contains(c) { #expect(gradient[r, c] == 0) }
        }
        #expect(gradient.row(1).allSatisfy { $0 == 0 })
        let error = finiteDifferenceError(of: logits, analytic: gradient.values, step: 1e-2) {
            Double(SoftmaxCrossEntropy.loss(logits: logits, columns: block, targets: targets, rowWeights: weights))
        }
        #expect(error < 1e-3)
    }
}

#if canImport(Glibc)
import Glibc
#endif
