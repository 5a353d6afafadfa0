import Testing
import ProfileGANNeural
import ProfileGANRandom

/// Every layer's backward pass against central finite differences of `Σ r⊙forward(x)`.
@Suite struct LayerGradientTests {
    static let tolerance = 1e-3

    @Test func linear() {
        var g = SeededGenerator(seed: 1)
        let layer = Linear(inputSize: 7, outputSize: 5, name: "l", generator: &g)
        let x = randomMatrix(6, 7, generator: &g), r = randomMatrix(6, 5, generator: &g)
        let loss = { weightedSum(layer.forward(x), r) }
        layer.forward(x)
        layer.backward(r)
        let dx = layer.inputGradient.values
        #expect(finiteDifferenceError(of: x, analytic: dx, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: layer.weight.value, analytic: layer.weight.gradient.values, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: layer.bias.value, analytic: layer.bias.gradient.values, loss: loss) < Self.tolerance)
    }

    @Test func linearAccumulatesParameterGradients() {
        var g = SeededGenerator(seed: 2)
        let layer = Linear(inputSize: 3, outputSize: 2, name: "l", generator: &g)
        let x = randomMatrix(4, 3, generator: &g), r = randomMatrix(4, 2, generator: &g)
        layer.forward(x)
        layer.backward(r)
        let once = layer.weight.gradient.values
        layer.backward(r)
        for (a, b) in zip(layer.weight.gradient.values, once) { #expect(abs(a - 2 * b) <= 1e-6 * abs(b) + 1e-7) }
        layer.zeroGradients()
        #expect(layer.weight.gradient.values.allSatisfy { $0 == 0 })
    }

    @Test func elementwiseActivations() {
        var g = SeededGenerator(seed: 3)
        // Inputs kept 0.1 away from zero so ±step never crosses a kink.
        let x = randomMatrix(5, 9, scale: 2, margin: 0.1, generator: &g), r = randomMatrix(5, 9, generator: &g)
        let relu = ReLU(), leaky = LeakyReLU(slope: 0.2), tanh = Tanh(), sigmoid = Sigmoid()
        let cases: [(String, (Matrix) -> Matrix, (Matrix) -> Matrix)] = [
            ("relu", { relu.forward($0) }, { relu.backward($0) }),
            ("leaky", { leaky.forward($0) }, { leaky.backward($0) }),
            ("tanh", { tanh.forward($0) }, { tanh.backward($0) }),
            ("sigmoid", { sigmoid.forward($0) }, { sigmoid.backward($0) }),
        ]
        for (name, forward, backward) in cases {
            _ = forward(x)
            let dx = backward(r).values
            let error = finiteDifferenceError(of: x, analytic: dx, step: 1e-2, samples: 45) { weightedSum(forward(x), r) }
            #expect(error < Self.tolerance, "\(name): relative error \(error)")
        }
        relu.forward(x)
        #expect(zip(relu.output.values, x.values).allSatisfy { $0 == max($1, 0) })
        leaky.forward(x)
        #expect(zip(leaky.output.values, x.values).allSatisfy { $0 == ($1 > 0 ? $1 : 0.2 * $1) })
    }

    @Test func softmaxRowsSumToOneAndGradientMatches() {
        var g = SeededGenerator(seed: 4)
        let x = randomMatrix(4, 6, scale: 2, generator: &g), r = randomMatrix(4, 6, generator: &g)
        let softmax = Softmax(temperature: 0.7)
        softmax.forward(x)
        for row in 0..<4 { #expect(abs(softmax.output.row(row).reduce(0, +) - 1) < 1e-6) }
        let dx = softmax.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx) { weightedSum(softmax.forward(x), r) } < Self.tolerance)
    }

    @Test func gumbelSoftmaxSoftGradientWithReplayedNoise() {
        var g = SeededGenerator(seed: 5)
        let x = randomMatrix(4, 5, generator: &g), r = randomMatrix(4, 5, generator: &g)
        let noise = SeededGenerator(seed: 99)
        let layer = GumbelSoftmax(temperature: 0.5, hard: false, generator: noise)
        let loss: () -> Double = {
            layer.generator = noise
            return weightedSum(layer.forward(x), r)
        }
        _ = loss()
        let dx = layer.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, step: 1e-3, loss: loss) < Self.tolerance)
    }

    @Test func hardGumbelSoftmaxIsOneHotWithStraightThroughGradient() {
        var g = SeededGenerator(seed: 6)
        let x = randomMatrix(8, 4, generator: &g), r = randomMatrix(8, 4, generator: &g)
        let hard = GumbelSoftmax(temperature: 0.3, hard: true, generator: SeededGenerator(seed: 7))
        let soft = GumbelSoftmax(temperature: 0.3, hard: false, generator: SeededGenerator(seed: 7))
        hard.forward(x)
        soft.forward(x)
        for row in 0..<8 {
            let values = Array(hard.output.row(row))
            #expect(values.filter { $0 == 1 }.count == 1 && values.filter { $0 == 0 }.count == 3)
            let softRow = Array(soft.output.row(row))
            #expect(values.firstIndex(of: 1) == softRow.indices.max { softRow[$0] < softRow[$1] })
        }
        #expect(hard.backward(r).values == soft.backward(r).values)
    }

    @Test func dropoutGradientUsesTheForwardMask() {
        var g = SeededGenerator(seed: 8)
        let x = randomMatrix(10, 20, generator: &g), r = randomMatrix(10, 20, generator: &g)
        let seed = SeededGenerator(seed: 11)
        let dropout = Dropout(rate: 0.5, generator: seed)
        let loss: () -> Double = {
            dropout.generator = seed
            return weightedSum(dropout.forward(x), r)
        }
        _ = loss()
        let dropped = dropout.mask.values.filter { $0 == 0 }.count
        #expect(dropped > 60 && dropped < 140)
        #expect(dropout.mask.values.allSatisfy { $0 == 0 || $0 == 2 })
        let dx = dropout.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, loss: loss) < Self.tolerance)
        dropout.isTraining = false
        #expect(dropout.forward(x).isIdentical(to: x))
    }

    @Test(arguments: [Float(0.2), 0.5, 0.8])
    func dropoutDropsAtItsRate(rate: Float) {
        // 4,003 elements: not a multiple of the four elements one random draw decides.
        let x = Matrix(rows: 1, columns: 4003) { _, _ in 1 }
        let dropout = Dropout(rate: rate, generator: SeededGenerator(seed: 12))
        let y = dropout.forward(x).values
        let dropped = Double(y.filter { $0 == 0 }.count) / Double(y.count)
        #expect(abs(dropped - Double(rate)) < 0.03, "dropped \(dropped) at rate \(rate)")
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / (1 - rate)) < 1e-6 })
    }

    /// The mask law a seed reproduces: element j is dropped iff the (j mod 4)-th 16-bit quarter of
    /// draw ⌊j/4⌋ is below rate·2¹⁶ — kept by any faster way of computing it, so seeded fits
    /// stay the same across versions. 4,003 elements: a partial last draw too.
    @Test func dropoutMaskFollowsTheDrawsQuarterByQuarter() {
        // Three blocks (the last partial, ending in a partial draw).
        let count = 2 * Dropout.blockElements + 4003
        let x = Matrix(rows: 1, columns: count) { _, c in Float(c) - 2000 }
        let dropout = Dropout(rate: 0.3, generator: SeededGenerator(seed: 5))
        var replay = SeededGenerator(seed: 5)
        let y = dropout.forward(x).values, mask = dropout.mask.values, xs = x.values
        let threshold = UInt64((0.3 * 0x1p16).rounded())
        let seed = replay.next()
        var bits: UInt64 = 0, block = SeededGenerator(seed: seed, stream: 0)
        for j in 0..<count {
            let offset = j % Dropout.blockElements
            if offset == 0 { block = SeededGenerator(seed: seed, stream: UInt64(j / Dropout.blockElements)) }
            if offset % 4 == 0 { bits = block.next() }
            let kept = (bits >> (16 * UInt64(offset % 4))) & 0xFFFF >= threshold
            #expect(mask[j] == (kept ? 1 / (1 - Float(0.3)) : 0))
            #expect(y[j] == xs[j] * mask[j])
        }
        // The layer's generator moved past exactly the one draw that seeded the blocks.
        #expect(dropout.generator.next() == replay.next())
    }

    @Test func batchNormTraining() {
        var g = SeededGenerator(seed: 9)
        let bn = BatchNorm1d(features: 4, name: "bn")
        bn.scale.initializeUniform(bound: 2, using: &g)
        bn.shift.initializeUniform(bound: 1, using: &g)
        let x = randomMatrix(7, 4, scale: 3, generator: &g), r = randomMatrix(7, 4, generator: &g)
        let loss = { weightedSum(bn.forward(x), r) }
        _ = loss()
        let dx = bn.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, step: 1e-2, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: bn.scale.value, analytic: bn.scale.gradient.values, loss: loss) < Self.tolerance)
        #expect(finiteDifferenceError(of: bn.shift.value, analytic: bn.shift.gradient.values, loss: loss) < Self.tolerance)
    }

    @Test func batchNormEvaluationGradient() {
        var g = SeededGenerator(seed: 10)
        let bn = BatchNorm1d(features: 3, name: "bn")
        bn.runningMean.buffer.update(repeating: 0.5)
        bn.runningVariance.buffer.update(repeating: 2)
        bn.isTraining = false
        let x = randomMatrix(5, 3, generator: &g), r = randomMatrix(5, 3, generator: &g)
        let loss = { weightedSum(bn.forward(x), r) }
        _ = loss()
        let dx = bn.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, loss: loss) < Self.tolerance)
    }

    @Test func residualBlock() {
        var g = SeededGenerator(seed: 12)
        let block = ResidualBlock(inputSize: 5, outputSize: 6, name: "res", generator: &g)
        let x = randomMatrix(8, 5, generator: &g), r = randomMatrix(8, 11, generator: &g)
        let loss = { weightedSum(block.forward(x), r) }
        _ = loss()
        #expect(block.output.columns == 11)
        for row in 0..<8 { #expect(Array(block.output.row(row)[6...]) == Array(x.row(row))) }
        let dx = block.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, step: 3e-3, loss: loss) < 1e-3)
        #expect(finiteDifferenceError(of: block.linear.weight.value, analytic: block.linear.weight.gradient.values, step: 3e-3, loss: loss) < 1e-3)
    }

    @Test func segmentedActivation() {
        var g = SeededGenerator(seed: 13)
        let x = randomMatrix(6, 9, generator: &g), r = randomMatrix(6, 9, generator: &g)
        let noise = SeededGenerator(seed: 14)
        let activation = SegmentedActivation(
            segments: [
                .init(start: 0, length: 1, kind: .tanh),
                .init(start: 1, length: 3, kind: .gumbelSoftmax(temperature: 0.5)),
                .init(start: 5, length: 4, kind: .gumbelSoftmax(temperature: 1)),
            ], generator: noise)
        let loss: () -> Double = {
            activation.generator = noise
            return weightedSum(activation.forward(x), r)
        }
        _ = loss()
        for row in 0..<6 {
            let y = activation.output.row(row)
            #expect(abs(y[0] - tanhf(x[row, 0])) < 1e-6)
            #expect(abs(y[1..<4].reduce(0, +) - 1) < 1e-5)
            #expect(y[4] == x[row, 4])  // not covered: identity
            #expect(abs(y[5..<9].reduce(0, +) - 1) < 1e-5)
        }
        let dx = activation.backward(r).values
        #expect(finiteDifferenceError(of: x, analytic: dx, step: 1e-3, samples: 54, loss: loss) < Self.tolerance)
    }
}

#if canImport(Glibc)
import Glibc
#endif
