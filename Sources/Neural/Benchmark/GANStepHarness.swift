import ProfileGANRandom

/// The networks, optimizers and buffers of one CTGAN-shaped training step, built once so the timed
/// steps allocate nothing.
final class GANStepHarness {
    let configuration: NeuralBenchmark.Configuration
    let generator: Generator
    let discriminator: Discriminator
    let activation: SegmentedActivation
    let optimizerG: Adam
    let optimizerD: Adam
    /// Generator inputs of the discriminator phase and the generator phase: noise, then condition.
    let generatorInputs: (Matrix, Matrix)
    let condition: Matrix
    let realRows: Matrix
    let fakeRows: Matrix
    let scoreGradient = Matrix(rows: 0, columns: 0)
    let fakeGradient: Matrix
    var random: SeededGenerator

    init(_ configuration: NeuralBenchmark.Configuration) {
        self.configuration = configuration
        let c = configuration
        var g = SeededGenerator(seed: c.seed)
        generator = Generator(
            inputSize: c.noiseWidth + c.conditionWidth, hiddenSizes: c.hiddenSizes, dataWidth: c.dataWidth, generator: &g)
        discriminator = Discriminator(
            dataWidth: c.discriminatorRowWidth, pac: c.pac, hiddenSizes: c.hiddenSizes, generator: &g)
        // A transformer-like layout: per column one tanh value and nine Gumbel-softmax modes.
        var segments = [SegmentedActivation.Segment]()
        var start = 0
        while start < c.dataWidth {
            segments.append(.init(start: start, length: 1, kind: .tanh))
            let modes = min(9, c.dataWidth - start - 1)
            if modes > 0 { segments.append(.init(start: start + 1, length: modes, kind: .gumbelSoftmax(temperature: 0.2))) }
            start += 1 + max(modes, 0)
        }
        activation = SegmentedActivation(segments: segments, generator: g.split(stream: 1))
        optimizerG = Adam(parameters: generator.parameters)
        optimizerD = Adam(parameters: discriminator.parameters)
        generatorInputs = (
            Matrix(rows: c.batchSize, columns: c.noiseWidth + c.conditionWidth),
            Matrix(rows: c.batchSize, columns: c.noiseWidth + c.conditionWidth)
        )
        condition = Matrix(rows: c.batchSize, columns: c.conditionWidth)
        realRows = Matrix(rows: c.batchSize, columns: c.discriminatorRowWidth)
        fakeRows = Matrix(rows: c.batchSize, columns: c.discriminatorRowWidth)
        fakeGradient = Matrix(rows: c.batchSize, columns: c.dataWidth)
        g.fillNormal(realRows.buffer, standardDeviation: 1)
        for r in 0..<c.batchSize { condition[r, g.nextIndex(below: c.conditionWidth)] = 1 }
        realRows.setColumns(startingAt: c.dataWidth, from: condition)
        generatorInputs.0.setColumns(startingAt: c.noiseWidth, from: condition)
        generatorInputs.1.setColumns(startingAt: c.noiseWidth, from: condition)
        random = g
    }

    /// Draws the N(0, 1) noise of the next step's two generator passes into the first `noiseWidth`
    /// columns of ``generatorInputs`` (ProfileGANRandom's Box–Muller). Kept out of the timed step —
    /// it is input preparation, not network work — and timed on its own.
    func sampleNoise() {
        fillNoise(generatorInputs.0)
        fillNoise(generatorInputs.1)
    }

    private func fillNoise(_ input: Matrix) {
        for r in 0..<input.rows {
            random.fillNormal(.init(start: input.row(r).baseAddress, count: configuration.noiseWidth), standardDeviation: 1)
        }
    }

    /// Generator → output activation → `[fake, condition]`.
    private func generateFakes(from input: Matrix) {
        let c = configuration
        let fake = activation.forward(generator.forward(input))
        fakeRows.setColumns(startingAt: 0, from: fake)
        fakeRows.setColumns(startingAt: c.dataWidth, from: condition)
    }

    /// Forward, BCE against `target`, backward into the discriminator's gradients.
    private func discriminatorPass(_ rows: Matrix, target: Float, clipped: Bool) {
        let scores = discriminator.forward(rows)
        if clipped {
            // Per-example clipping needs each pack's own loss gradient: sum, not mean.
            _ = BinaryCrossEntropyWithLogits.loss(logits: scores, target: target, reduction: .sum, gradient: scoreGradient)
            discriminator.clippedBackward(scoreGradient, clipNorm: configuration.clipNorm)
        } else {
            _ = BinaryCrossEntropyWithLogits.loss(logits: scores, target: target, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
        }
    }

    /// One discriminator step then one generator step (CTGAN's loop body with BCE losses), on the
    /// noise drawn by the last ``sampleNoise()``.
    func step(clipped: Bool) {
        generateFakes(from: generatorInputs.0)
        discriminator.zeroGradients()
        discriminatorPass(realRows, target: 1, clipped: clipped)
        discriminatorPass(fakeRows, target: 0, clipped: clipped)
        optimizerD.step()

        generateFakes(from: generatorInputs.1)
        generator.zeroGradients()
        _ = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(fakeRows), target: 1, gradient: scoreGradient)
        discriminator.backward(scoreGradient, parameterGradients: false, inputGradients: true)
        discriminator.inputGradient.extractColumns(startingAt: 0, into: fakeGradient)
        generator.backward(activation.backward(fakeGradient))
        optimizerG.step()
    }

}
