import Testing
import ProfileGANNeural
import ProfileGANRandom

/// Whole networks against finite differences, and the gradient penalty's double backward.
@Suite struct NetworkGradientTests {
    @Test func generatorParameterAndBatchNormGradients() {
        var g = SeededGenerator(seed: 21)
        let net = Generator(inputSize: 5, hiddenSizes: [6, 4], dataWidth: 3, generator: &g)
        let x = randomMatrix(10, 5, generator: &g), r = randomMatrix(10, 3, generator: &g)
        let loss = { weightedSum(net.forward(x), r) }
        _ = loss()
        net.zeroGradients()
        net.backward(r)
        for p in net.parameters {
            if p.name.hasSuffix("linear.bias") {
                // A bias right before BatchNorm is cancelled by the mean subtraction: zero gradient.
                #expect(p.gradient.values.allSatisfy { abs($0) < 1e-5 }, "\(p.name)")
                continue
            }
            let error = finiteDifferenceError(of: p.value, analytic: p.gradient.values, step: 3e-3, loss: loss)
            #expect(error < 1e-3, "\(p.name): relative error \(error)")
        }
    }

    @Test func discriminatorGradientsWithFixedDropoutMasks() {
        var g = SeededGenerator(seed: 22)
        let d = Discriminator(dataWidth: 3, pac: 2, hiddenSizes: [7, 5], generator: &g)
        let rows = randomMatrix(8, 3, generator: &g), r = randomMatrix(4, 1, generator: &g)
        let masks = d.dropouts.map(\.generator)
        let loss: () -> Double = {
            for (dropout, mask) in zip(d.dropouts, masks) { dropout.generator = mask }
            return weightedSum(d.forward(rows), r)
        }
        _ = loss()
        d.zeroGradients()
        d.backward(r, inputGradients: true)
        #expect(d.inputGradient.rows == 8 && d.inputGradient.columns == 3)
        #expect(finiteDifferenceError(of: rows, analytic: d.inputGradient.values, step: 3e-3, loss: loss) < 1e-3)
        for p in d.parameters {
            let error = finiteDifferenceError(of: p.value, analytic: p.gradient.values, step: 3e-3, loss: loss)
            #expect(error < 1e-3, "\(p.name): relative error \(error)")
        }
    }

    @Test func packingIsConcatenationOfConsecutiveRows() {
        var g = SeededGenerator(seed: 23)
        let d = Discriminator(dataWidth: 2, pac: 3, hiddenSizes: [4], generator: &g)
        let rows = randomMatrix(6, 2, generator: &g)
        d.forward(rows)
        #expect(d.packedInput.rows == 2 && d.packedInput.columns == 6)
        #expect(Array(d.packedInput.row(1)) == Array(rows.row(3)) + Array(rows.row(4)) + Array(rows.row(5)))
    }

    /// Scoring real and fake packs in one pass, with a per-block BCE, accumulates the same gradients
    /// as two passes (nothing couples rows; dropout off so both see the same network).
    @Test func oneCombinedPassEqualsTwoPasses() {
        var g = SeededGenerator(seed: 24)
        let d = Discriminator(dataWidth: 3, pac: 2, hiddenSizes: [6, 4], generator: &g)
        d.isTraining = false
        let real = randomMatrix(6, 3, generator: &g), fake = randomMatrix(6, 3, generator: &g)
        let both = Matrix(rows: 12, columns: 3) { r, c in r < 6 ? real[r, c] : fake[r - 6, c] }
        let gradient = Matrix(rows: 0, columns: 0)
        d.zeroGradients()
        _ = BinaryCrossEntropyWithLogits.loss(logits: d.forward(real), target: 1, gradient: gradient)
        d.backward(gradient)
        _ = BinaryCrossEntropyWithLogits.loss(logits: d.forward(fake), target: 0, gradient: gradient)
        d.backward(gradient)
        let separate = flatGradient(d.parameters)
        d.zeroGradients()
        let scores = d.forward(both)
        _ = BinaryCrossEntropyWithLogits.loss(logits: scores, rows: 0..<3, target: 1, gradient: gradient)
        _ = BinaryCrossEntropyWithLogits.loss(logits: scores, rows: 3..<6, target: 0, gradient: gradient)
        d.backward(gradient)
        #expect(relativeDistance(flatGradient(d.parameters), separate) < 1e-6)
    }

    /// The penalty's parameter gradient against finite differences of the penalty itself, with the
    /// dropout masks replayed; entries whose perturbation flips a LeakyReLU are skipped (the
    /// penalty is only piecewise smooth).
    @Test(arguments: [UInt64(31), 32, 33])
    func gradientPenaltyDoubleBackward(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let d = Discriminator(dataWidth: 3, pac: 2, hiddenSizes: [6, 5], generator: &g)
        for p in d.parameters { p.initializeUniform(bound: 0.8, using: &g) }
        let rows = randomMatrix(10, 3, generator: &g)
        let masks = d.dropouts.map(\.generator)
        func signs() -> [Bool] { d.activations.flatMap { $0.input!.values.map { $0 > 0 } } }
        let penalty: () -> Double = {
            for (dropout, mask) in zip(d.dropouts, masks) { dropout.generator = mask }
            return Double(d.gradientPenaltyBackward(rows, weight: 10))
        }
        d.zeroGradients()
        _ = penalty()
        let baseline = signs()
        let analytic = d.parameters.map(\.gradient.values)
        var compared = 0, total = 0
        for (p, gradient) in zip(d.parameters, analytic) {
            var difference = 0.0, reference = 0.0
            for index in 0..<p.value.count {
                let saved = p.value.data[index], step: Float = 3e-3
                p.value.data[index] = saved + step
                let up = penalty()
                let upSigns = signs()
                p.value.data[index] = saved - step
                let down = penalty()
                let downSigns = signs()
                p.value.data[index] = saved
                total += 1
                guard upSigns == baseline && downSigns == baseline else { continue }
                compared += 1
                let numeric = (up - down) / (Double(saved + step) - Double(saved - step))
                difference += (numeric - Double(gradient[index])) * (numeric - Double(gradient[index]))
                reference += numeric * numeric
            }
            if p.name.hasSuffix(".bias") {
                #expect(gradient.allSatisfy { $0 == 0 }, "\(p.name): biases do not enter ∇ₓD")
            } else {
                let error = (difference / reference).squareRoot()
                #expect(error < 1e-3, "\(p.name): relative error \(error)")
            }
        }
        #expect(compared > total * 9 / 10, "only \(compared) of \(total) entries stayed on one linear piece")
    }

    @Test func gradientPenaltyValueMatchesFiniteDifferenceInputGradient() {
        var g = SeededGenerator(seed: 34)
        let d = Discriminator(dataWidth: 2, pac: 2, hiddenSizes: [5, 4], generator: &g)
        d.isTraining = false
        let rows = randomMatrix(6, 2, generator: &g)
        let penalty = Double(d.gradientPenaltyBackward(rows, weight: 3))
        // Recompute ‖∇ₓD‖ per packed example by finite differences on the scores.
        var expected = 0.0
        for example in 0..<3 {
            var squared = 0.0
            for k in 0..<4 {
                let index = example * 4 + k, saved = rows.data[index]
                rows.data[index] = saved + 1e-2
                let up = Double(d.forward(rows)[example, 0])
                rows.data[index] = saved - 1e-2
                let down = Double(d.forward(rows)[example, 0])
                rows.data[index] = saved
                let derivative = (up - down) / (Double(saved + 1e-2) - Double(saved - 1e-2))
                squared += derivative * derivative
            }
            expected += (squared.squareRoot() - 1) * (squared.squareRoot() - 1)
        }
        expected *= 3.0 / 3
        #expect(abs(penalty - expected) < 1e-3 * max(expected, 1))
    }
}
