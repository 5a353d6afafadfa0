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
    /// The discriminator step's input: `batchSize` real rows, then `batchSize` generated rows, scored
    /// in one pass so the discriminator's matrix products are twice as tall.
    let discriminatorBatch: Matrix
    /// The generator step's input: generated rows.
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
        discriminatorBatch = Matrix(rows: 2 * c.batchSize, columns: c.discriminatorRowWidth)
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

    /// Generator → output activation → `[fake, condition]` into `destination` from row `firstRow`.
    private func generateFakes(from input: Matrix, into destination: Matrix, firstRow: Int) {
        let c = configuration
        let fake = activation.forward(generator.forward(input))
        let width = destination.columns
        for r in 0..<c.batchSize {
            let row = destination.data + (firstRow + r) * width
            row.update(from: fake.data + r * c.dataWidth, count: c.dataWidth)
            (row + c.dataWidth).update(from: condition.data + r * c.conditionWidth, count: c.conditionWidth)
        }
    }

    /// One forward pass over real then fake packs; BCE with target 1 on the real packs and 0 on the
    /// fake ones (each averaged over its own packs, as CTGAN's two means); backward.
    private func discriminatorPass(clipped: Bool) {
        let scores = discriminator.forward(discriminatorBatch)
        let packs = configuration.batchSize / configuration.pac
        // Per-example clipping needs each pack's own loss gradient: sum, not mean.
        let reduction: LossReduction = clipped ? .sum : .mean
        _ = BinaryCrossEntropyWithLogits.loss(
            logits: scores, rows: 0..<packs, target: 1, reduction: reduction, gradient: scoreGradient)
        _ = BinaryCrossEntropyWithLogits.loss(
            logits: scores, rows: packs..<(2 * packs), target: 0, reduction: reduction, gradient: scoreGradient)
        if clipped {
            discriminator.clippedBackward(scoreGradient, clipNorm: configuration.clipNorm)
        } else {
            discriminator.backward(scoreGradient)
        }
    }

    /// One discriminator step then one generator step (CTGAN's loop body with BCE losses), on the
    /// noise drawn by the last ``sampleNoise()``.
    func step(clipped: Bool) {
        // A real trainer samples real rows here; copying them in stands for that.
        discriminatorBatch.data.update(from: realRows.data, count: realRows.count)
        generateFakes(from: generatorInputs.0, into: discriminatorBatch, firstRow: configuration.batchSize)
        discriminator.zeroGradients()
        discriminatorPass(clipped: clipped)
        optimizerD.step()

        generateFakes(from: generatorInputs.1, into: fakeRows, firstRow: 0)
        generator.zeroGradients()
        _ = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(fakeRows), target: 1, gradient: scoreGradient)
        discriminator.backward(scoreGradient, parameterGradients: false, inputGradients: true)
        discriminator.inputGradient.extractColumns(startingAt: 0, into: fakeGradient)
        generator.backward(activation.backward(fakeGradient))
        optimizerG.step()
    }

}
