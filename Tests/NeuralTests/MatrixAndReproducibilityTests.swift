import Testing
import ProfileGANNeural
import ProfileGANRandom

@Suite struct MatrixTests {
    @Test func multiplyMatchesNaiveProductForAllTranspositions() {
        var g = SeededGenerator(seed: 61)
        let a = randomMatrix(5, 3, generator: &g), b = randomMatrix(3, 4, generator: &g)
        let aT = Matrix(rows: 3, columns: 5) { a[$1, $0] }, bT = Matrix(rows: 4, columns: 3) { b[$1, $0] }
        let naive = Matrix(rows: 5, columns: 4) { i, j in (0..<3).reduce(0) { $0 + a[i, $1] * b[$1, j] } }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let c = Matrix(rows: 5, columns: 4)
            c.fill(1)
            c.multiply(ta ? aT : a, by: tb ? bT : b, transposingA: ta, transposingB: tb, alpha: 2, beta: 0.5)
            for i in 0..<20 { #expect(abs(c.data[i] - (2 * naive.data[i] + 0.5)) < 1e-5) }
        }
    }

    @Test func emptyInnerDimensionGivesBetaTimesC() {
        let a = Matrix(rows: 3, columns: 0), b = Matrix(rows: 0, columns: 2), c = Matrix(rows: 3, columns: 2)
        c.fill(.nan)
        c.multiply(a, by: b, beta: 0)
        #expect(c.values == [Float](repeating: 0, count: 6))
        c.fill(2)
        c.multiply(a, by: b, beta: 0.5)
        #expect(c.values == [Float](repeating: 1, count: 6))
    }

    @Test func resizeKeepsCapacityAndColumnBlocksRoundTrip() {
        let m = Matrix(rows: 10, columns: 10)
        let storage = m.data
        m.resize(rows: 4, columns: 5)
        #expect(m.data == storage && m.count == 20 && m.capacity == 100)
        let left = Matrix(rows: 4, columns: 2) { r, c in Float(r * 2 + c) }
        m.fill(-1)
        m.setColumns(startingAt: 3, from: left)
        let back = Matrix(rows: 4, columns: 2)
        m.extractColumns(startingAt: 3, into: back)
        #expect(back.isIdentical(to: left))
        #expect(m[2, 0] == -1)
    }

    @Test func blasThreadCountIsConfigurableAndDecidesParallelWorkers() {
        let original = BLASThreads.count
        defer { BLASThreads.count = original }
        BLASThreads.count = 1
        #expect(BLASThreads.count == 1)
        #expect(BLASThreads.parallelWorkers(upTo: 3) == 3)
        #expect(BLASThreads.parallelWorkers(upTo: 0) == 1)
        BLASThreads.count = 2
        // A machine whose OpenBLAS was built for one thread cannot grow its pool; only then is 1 kept.
        #expect(BLASThreads.parallelWorkers(upTo: 3) == (BLASThreads.count == 1 ? 3 : 1))
    }

    @Test func theKernelIsReported() {
        #expect(!BLASKernel.name.isEmpty)
    }
}

@Suite struct ReproducibilityTests {
    /// Builds both networks from one seed, trains two GAN-like steps, returns every tensor.
    static func run(seed: UInt64) -> [NamedTensor] {
        var g = SeededGenerator(seed: seed)
        let generator = Generator(inputSize: 6, hiddenSizes: [8, 8], dataWidth: 5, generator: &g)
        let discriminator = Discriminator(dataWidth: 5, pac: 2, hiddenSizes: [8, 8], generator: &g)
        let activation = SegmentedActivation(
            segments: [.init(start: 0, length: 1, kind: .tanh), .init(start: 1, length: 4, kind: .gumbelSoftmax(temperature: 0.2))],
            generator: g.split(stream: 9))
        let optimizerG = Adam(parameters: generator.parameters)
        let optimizerD = Adam(parameters: discriminator.parameters)
        let noise = Matrix(rows: 8, columns: 6), real = Matrix(rows: 8, columns: 5)
        let scoreGradient = Matrix(rows: 0, columns: 0)
        for _ in 0..<2 {
            g.fillNormal(noise.buffer, standardDeviation: 1)
            g.fillNormal(real.buffer, standardDeviation: 1)
            let fake = activation.forward(generator.forward(noise))
            discriminator.zeroGradients()
            _ = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(real), target: 1, reduction: .sum, gradient: scoreGradient)
            discriminator.clippedBackward(scoreGradient, clipNorm: 1)
            _ = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(fake), target: 0, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
            optimizerD.step()
            generator.zeroGradients()
            _ = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(fake), target: 1, gradient: scoreGradient)
            discriminator.backward(scoreGradient, parameterGradients: false, inputGradients: true)
            generator.backward(activation.backward(discriminator.inputGradient))
            optimizerG.step()
        }
        return generator.exportTensors() + discriminator.exportTensors()
    }

    @Test func sameSeedGivesBitIdenticalTraining() {
        let a = Self.run(seed: 71), b = Self.run(seed: 71), c = Self.run(seed: 72)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.name == y.name && x.values.map(\.bitPattern) == y.values.map(\.bitPattern))
        }
        #expect(a != c)
    }

    @Test func tensorsRoundTripAndMismatchesAreReported() throws {
        var g = SeededGenerator(seed: 73)
        let source = Generator(inputSize: 4, hiddenSizes: [6], dataWidth: 3, generator: &g)
        source.blocks[0].batchNorm.runningMean.fill(0.25)
        let tensors = source.exportTensors()
        #expect(tensors.map(\.name).contains("generator.residual0.batchNorm.runningMean"))
        #expect(tensors.first { $0.name == "generator.head.weight" }?.shape == [3, 10])
        let target = Generator(inputSize: 4, hiddenSizes: [6], dataWidth: 3, generator: &g)
        try target.importTensors(tensors)
        #expect(target.exportTensors() == tensors)

        #expect(throws: NeuralError.missingTensor(name: "generator.head.bias")) {
            try target.importTensors(tensors.filter { $0.name != "generator.head.bias" })
        }
        var reshaped = tensors
        reshaped[0] = NamedTensor(name: reshaped[0].name, shape: [reshaped[0].shape[1], reshaped[0].shape[0]], values: reshaped[0].values)
        #expect(throws: NeuralError.self) { try target.importTensors(reshaped) }
        #expect(throws: NeuralError.unexpectedTensors(names: ["extra"])) {
            try target.importTensors(tensors + [NamedTensor(name: "extra", shape: [1, 1], values: [0])])
        }
    }
}
