#if canImport(Glibc)
import Glibc
#endif
import Testing
import ProfileGANNeural
import ProfileGANRandom

@Suite struct BatchMarginalLossTests {
    @Test func oneWayOnASoftmaxBlock() {
        var g = SeededGenerator(seed: 7)
        let logits = randomMatrix(6, 8, scale: 2, generator: &g)
        let cells = MarginalCells.softmax(columns: 3..<7)
        let target: [Float] = [0.1, 0.4, 0.3, 0.2]
        let weights: [Float] = [0.3, 0.1, 0, 0.2, 0.25, 0.15]
        let gradient = Matrix(rows: 6, columns: 8)
        let loss = BatchMarginalLoss.oneWay(output: logits, cells: cells, target: target, rowWeights: weights,
                                            accumulatingGradientInto: gradient)
        // The value, recomputed in Double.
        var marginal = [Double](repeating: 0, count: 4)
        for r in 0..<6 {
            let z = (3..<7).map { exp(Double(logits[r, $0])) }
            let sum = z.reduce(0, +)
            for c in 0..<4 { marginal[c] += Double(weights[r]) * z[c] / sum }
        }
        var expected = 0.0
        for c in 0..<4 { expected += Double(target[c]) * log(Double(target[c]) / marginal[c]) }
        #expect(abs(Double(loss) - expected) < 1e-5)
        for r in 0..<6 { for c in 0..<8 where !(3..<7).contains(c) { #expect(gradient[r, c] == 0) } }
        #expect(gradient.row(2).allSatisfy { $0 == 0 }, "a row of weight 0 gets no gradient")
        let error = finiteDifferenceError(of: logits, analytic: gradient.values, step: 1e-2, samples: 48) {
            Double(BatchMarginalLoss.oneWay(output: logits, cells: cells, target: target, rowWeights: weights))
        }
        #expect(error < 2e-3)

        // A batch whose marginal is the target has zero loss.
        let even = Matrix(rows: 2, columns: 3, values: [0, 0, 0, 0, 0, 0])
        let zero = BatchMarginalLoss.oneWay(output: even, cells: .softmax(columns: 0..<3), target: [1 / 3, 1 / 3, 1 / 3],
                                            rowWeights: [0.5, 0.5])
        #expect(abs(zero) < 1e-6)
    }

    @Test func oneWayOnTanhBinsMatchesFiniteDifferencesAndSpreadsPoints() {
        var g = SeededGenerator(seed: 8)
        let x = randomMatrix(10, 2, scale: 1.5, generator: &g)
        let cells = MarginalCells.tanhBins(column: 1, bins: 8)
        let target: [Float] = [0.05, 0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.05]
        let weights = [Float](repeating: 0.1, count: 10)
        let gradient = Matrix(rows: 10, columns: 2)
        _ = BatchMarginalLoss.oneWay(output: x, cells: cells, target: target, rowWeights: weights, accumulatingGradientInto: gradient)
        for r in 0..<10 { #expect(gradient[r, 0] == 0) }
        let error = finiteDifferenceError(of: x, analytic: gradient.values, step: 1e-2) {
            Double(BatchMarginalLoss.oneWay(output: x, cells: cells, target: target, rowWeights: weights))
        }
        #expect(error < 2e-3)

        // Gradient descent on 400 scalars that all start near 0 spreads them out to the target.
        let rows = 400
        let points = Matrix(rows: rows, columns: 1) { r, _ in Float(r - rows / 2) * 1e-3 }
        let single = MarginalCells.tanhBins(column: 0, bins: 8)
        let step = Matrix(rows: rows, columns: 1)
        let even = [Float](repeating: 1 / Float(rows), count: rows)
        let before = BatchMarginalLoss.oneWay(output: points, cells: single, target: target, rowWeights: even)
        for _ in 0..<1500 {
            step.fill(0)
            _ = BatchMarginalLoss.oneWay(output: points, cells: single, target: target, rowWeights: even, accumulatingGradientInto: step)
            for r in 0..<rows { points[r, 0] -= 10 * step[r, 0] }
        }
        let after = BatchMarginalLoss.oneWay(output: points, cells: single, target: target, rowWeights: even)
        #expect(before > 0.5)
        #expect(after < 0.01, "loss \(before) → \(after)")
    }

    @Test func twoWayMatchesFiniteDifferencesAndItsOneWayMargins() {
        var g = SeededGenerator(seed: 9)
        let x = randomMatrix(7, 5, scale: 1.5, generator: &g)
        let first = MarginalCells.softmax(columns: 0..<3)
        let second = MarginalCells.tanhBins(column: 4, bins: 4)
        let target: [Float] = [0.05, 0.1, 0.05, 0.1, 0.1, 0.05, 0.1, 0.05, 0.05, 0.1, 0.15, 0.1]
        let weights: [Float] = [0.2, 0.1, 0.1, 0.2, 0.1, 0.2, 0.1]
        let gradient = Matrix(rows: 7, columns: 5)
        _ = BatchMarginalLoss.twoWay(output: x, first: first, second: second, target: target, rowWeights: weights,
                                     accumulatingGradientInto: gradient)
        for r in 0..<7 { #expect(gradient[r, 3] == 0) }
        let error = finiteDifferenceError(of: x, analytic: gradient.values, step: 1e-2) {
            Double(BatchMarginalLoss.twoWay(output: x, first: first, second: second, target: target, rowWeights: weights))
        }
        #expect(error < 2e-3)

        // With a column of a single cell, the pair's marginal is the other column's one-way marginal.
        let lone = MarginalCells.softmax(columns: 3..<4)
        let pair = BatchMarginalLoss.twoWay(output: x, first: first, second: lone, target: [0.2, 0.3, 0.5], rowWeights: weights)
        let single = BatchMarginalLoss.oneWay(output: x, cells: first, target: [0.2, 0.3, 0.5], rowWeights: weights)
        #expect(abs(pair - single) < 1e-6)
    }

    @Test func severalTargetsSharingColumnsAddUpToTheirSeparateLosses() {
        var g = SeededGenerator(seed: 10)
        let x = randomMatrix(9, 6, scale: 1.5, generator: &g)
        let block = MarginalCells.softmax(columns: 0..<3), scalar = MarginalCells.tanhBins(column: 5, bins: 4)
        let weights = [Float](repeating: 1 / 9, count: 9)
        let targets = [
            MarginalTarget(first: block, distribution: [0.2, 0.3, 0.5]),
            MarginalTarget(first: scalar, distribution: [0.1, 0.4, 0.4, 0.1]),
            MarginalTarget(first: block, second: scalar, distribution: [Float](repeating: 1 / 12, count: 12)),
        ]
        let together = Matrix(rows: 9, columns: 6)
        let total = BatchMarginalLoss.loss(output: x, targets: targets, rowWeights: weights, accumulatingGradientInto: together, gradientScale: 2)
        let separate = Matrix(rows: 9, columns: 6)
        var sum: Float = 0
        for target in targets {
            sum += BatchMarginalLoss.loss(output: x, targets: [target], rowWeights: weights, accumulatingGradientInto: separate, gradientScale: 2)
        }
        #expect(abs(total - sum) < 1e-5)
        for (a, b) in zip(together.values, separate.values) { #expect(abs(a - b) < 1e-5) }
        #expect(together.values.contains { $0 != 0 })
    }
}
