import ProfileGANNeural
import ProfileGANRandom
import ProfileGANTransforms

/// The networks, optimizers and preallocated workspaces of one fit, and the two kinds of step
/// CTGAN alternates: a discriminator step and a generator step.
///
/// The discriminator sees rows `[data | condition]`; the generator sees `[noise | condition]` and
/// is trained to fool the discriminator and to reproduce its condition (the cross-entropy between
/// its raw output on the conditioned block and the condition). Every matrix here is allocated once
/// and resized in place, so the training loop does not allocate per step.
/// `package`: `profilegan bench neural` (ProfileGANBenchmarks) times exactly these steps.
package final class GANTrainer {
    package let configuration: SynthesizerConfiguration
    package let transformer: DataTransformer
    package let sampler: ConditionalSampler
    package let generator: Generator
    package let discriminator: Discriminator
    let activation: SegmentedActivation
    let generatorOptimizer: Adam
    let discriminatorOptimizer: Adam
    /// The random stream for noise, conditions, row sampling and interpolation.
    var rng: SeededGenerator
    /// The law the generator's conditions are drawn with while training.
    package var conditionLaw = ConditionLaw.trainingBySampling
    /// Released one-way marginals the generator is also trained towards (nil: none).
    var marginalTargets: MarginalTargets?

    /// How training draws the generator's conditions.
    package enum ConditionLaw {
        /// CTGAN's training-by-sampling: uniform block, log-frequency entry, with real rows picked to
        /// match each condition so real and fake rows share the condition law.
        case trainingBySampling
        /// Uniform block, entry at its plain frequency: the law of conditions read off a uniform
        /// sample of real rows, which is what the DP discriminator sees on the real side.
        case plainFrequency
    }

    var dataWidth: Int { transformer.width }
    var conditionWidth: Int { sampler.conditionWidth }

    // Workspaces.
    let noiseAndCondition = Matrix(rows: 0, columns: 0)
    let realInput = Matrix(rows: 0, columns: 0)
    let fakeInput = Matrix(rows: 0, columns: 0)
    let interpolates = Matrix(rows: 0, columns: 0)
    let scoreGradient = Matrix(rows: 0, columns: 0)
    let fakeDataGradient = Matrix(rows: 0, columns: 0)
    let rawOutputGradient = Matrix(rows: 0, columns: 0)

    init(configuration: SynthesizerConfiguration, transformer: DataTransformer, sampler: ConditionalSampler,
         pac: Int, rng: SeededGenerator) {
        self.configuration = configuration
        self.transformer = transformer
        self.sampler = sampler
        self.rng = rng
        var initRNG = self.rng.split(stream: 1)
        generator = Generator(
            inputSize: configuration.noiseDimension + sampler.conditionWidth,
            hiddenSizes: configuration.generatorDimensions, dataWidth: transformer.width, generator: &initRNG)
        discriminator = Discriminator(
            dataWidth: transformer.width + sampler.conditionWidth, pac: pac,
            hiddenSizes: configuration.discriminatorDimensions, dropoutRate: configuration.dropout,
            generator: &initRNG)
        activation = SegmentedActivation(
            segments: Self.activationSegments(transformer, temperature: configuration.gumbelTemperature),
            generator: self.rng.split(stream: 2))
        generatorOptimizer = Adam(
            parameters: generator.parameters, learningRate: configuration.generatorLearningRate,
            beta1: configuration.beta1, beta2: configuration.beta2,
            weightDecay: .l2(configuration.generatorWeightDecay))
        discriminatorOptimizer = Adam(
            parameters: discriminator.parameters, learningRate: configuration.discriminatorLearningRate,
            beta1: configuration.beta1, beta2: configuration.beta2,
            weightDecay: .l2(configuration.discriminatorWeightDecay))
    }

    /// tanh on scalars, Gumbel-softmax (soft, temperature τ) on one-hot blocks, as CTGAN applies them.
    static func activationSegments(_ transformer: DataTransformer, temperature: Float) -> [SegmentedActivation.Segment] {
        transformer.outputSegments.map { segment in
            SegmentedActivation.Segment(
                start: segment.start, length: segment.length,
                kind: segment.activation == .tanh ? .tanh : .gumbelSoftmax(temperature: temperature, hard: false))
        }
    }

    // MARK: Generator side

    /// Conditions for a batch of generated training rows, drawn with ``conditionLaw``.
    func sampleTrainingConditions(batch: Int) -> ConditionBatch {
        switch conditionLaw {
        case .trainingBySampling: sampler.sampleConditions(batch: batch, rng: &rng)
        case .plainFrequency: sampler.sampleGenerationConditions(batch: batch, rng: &rng)
        }
    }

    /// Runs the generator on fresh noise and the given conditions; the activated rows are in
    /// `activation.output` and the generator's input in `noiseAndCondition`.
    func generateFakeRows(conditions: ConditionBatch) {
        noiseAndCondition.fillGeneratorInput(
            rows: conditions.rows, noiseDimension: configuration.noiseDimension, conditions: conditions.vectors,
            conditionWidth: conditionWidth, rng: &rng)
        activation.forward(generator.forward(noiseAndCondition))
    }

    /// Copies `data` rows and the condition rows side by side into `destination`.
    func concatenate(data: Matrix, conditions: ConditionBatch, rowOrder: [Int]? = nil, into destination: Matrix) {
        let width = dataWidth + conditionWidth
        destination.resize(rows: data.rows, columns: width)
        conditions.vectors.withUnsafeBufferPointer { vectors in
            for r in 0..<data.rows {
                let row = destination.data + r * width
                row.update(from: data.data + r * dataWidth, count: dataWidth)
                if conditionWidth > 0 {
                    (row + dataWidth).update(from: vectors.baseAddress! + (rowOrder?[r] ?? r) * conditionWidth, count: conditionWidth)
                }
            }
        }
    }

    /// One generator update: adversarial loss plus the conditional cross-entropy (plus the pull
    /// towards released marginals, when set). Returns the loss.
    package func generatorStep(batch: Int) -> Float {
        let conditions = sampleTrainingConditions(batch: batch)
        generateFakeRows(conditions: conditions)
        concatenate(data: activation.output, conditions: conditions, into: fakeInput)
        let scores = discriminator.forward(fakeInput)
        let adversarial: Float
        switch configuration.effectiveLoss {
        case .wganGP:
            adversarial = WassersteinLoss.loss(scores: scores, side: .real, gradient: scoreGradient)
        case .bce:
            // Non-saturating: maximize log D(G(z)) rather than minimize log(1 − D(G(z))).
            adversarial = BinaryCrossEntropyWithLogits.loss(logits: scores, target: 1, gradient: scoreGradient)
        }
        discriminator.backward(scoreGradient, parameterGradients: false, inputGradients: true)
        fakeDataGradient.resize(rows: batch, columns: dataWidth)
        discriminator.inputGradient.extractColumns(startingAt: 0, into: fakeDataGradient)
        rawOutputGradient.copy(from: activation.backward(fakeDataGradient))
        var conditional = conditionalLoss(conditions, gradient: rawOutputGradient)
        if let marginalTargets {
            conditional += marginalTargets.addLoss(output: generator.output, conditions: conditions, sampler: sampler,
                                                   gradient: rawOutputGradient)
        }
        generator.zeroGradients()
        generator.backward(rawOutputGradient)
        generatorOptimizer.step()
        return adversarial + conditional
    }

    /// CTGAN's conditional loss: for each row, the cross-entropy between the generator's raw output
    /// on the conditioned block and the condition, summed and divided by the batch size.
    /// Accumulates its gradient into `gradient`.
    func conditionalLoss(_ conditions: ConditionBatch, gradient: Matrix) -> Float {
        guard !conditions.choices.isEmpty else { return 0 }
        let batch = conditions.rows
        var total: Float = 0
        var targets = [Int](repeating: 0, count: batch)
        var weights = [Float](repeating: 0, count: batch)
        for (b, block) in sampler.blocks.enumerated() {
            var any = false
            for r in 0..<batch {
                let choice = conditions.choices[r]
                let chosen = choice.block == b
                weights[r] = chosen ? 1 : 0
                targets[r] = chosen ? choice.entry : 0
                any = any || chosen
            }
            guard any else { continue }
            total += SoftmaxCrossEntropy.loss(
                logits: generator.output, columns: block.range, targets: targets, rowWeights: weights,
                reduction: .sum, accumulatingGradientInto: gradient, gradientScale: 1 / Float(batch)) / Float(batch)
        }
        return total
    }

    // MARK: Discriminator side (no privacy)

    /// One discriminator update on a training-by-sampling batch (CTGAN). Returns the loss.
    package func discriminatorStep(batch: Int, encoded: EncodedBatch) -> Float {
        let conditions = sampler.sampleConditions(batch: batch, rng: &rng)
        generateFakeRows(conditions: conditions)
        concatenate(data: activation.output, conditions: conditions, into: fakeInput)

        // Real rows matching a shuffled copy of the conditions, so real and fake packs do not line up.
        var order = Array(0..<batch)
        order.shuffle(using: &rng)
        let realChoices = conditions.choices.isEmpty ? [] : order.map { conditions.choices[$0] }
        let rows = realChoices.isEmpty
            ? (0..<batch).map { _ in rng.nextIndex(below: encoded.rows) }
            : sampler.sampleRealRows(for: realChoices, rng: &rng)
        gatherRows(rows, from: encoded, conditions: conditions, rowOrder: order, into: realInput)

        discriminator.zeroGradients()
        var loss: Float
        switch configuration.effectiveLoss {
        case .wganGP:
            loss = WassersteinLoss.loss(scores: discriminator.forward(realInput), side: .real, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
            loss += WassersteinLoss.loss(scores: discriminator.forward(fakeInput), side: .fake, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
            discriminator.interpolate(real: realInput, fake: fakeInput, into: interpolates, generator: &rng)
            loss += discriminator.gradientPenaltyBackward(interpolates, weight: configuration.gradientPenaltyWeight)
        case .bce:
            loss = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(realInput), target: 1, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
            loss += BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(fakeInput), target: 0, gradient: scoreGradient)
            discriminator.backward(scoreGradient)
        }
        discriminatorOptimizer.step()
        return loss
    }

    /// Copies encoded rows `rows` and their conditions (`conditions` rows in `rowOrder`, or the
    /// given matrix rows) into `destination` as `[data | condition]`.
    func gatherRows(_ rows: [Int], from encoded: EncodedBatch, conditions: ConditionBatch, rowOrder: [Int]?, into destination: Matrix) {
        let width = dataWidth + conditionWidth
        destination.resize(rows: rows.count, columns: width)
        encoded.values.withUnsafeBufferPointer { source in
            conditions.vectors.withUnsafeBufferPointer { vectors in
                for (r, index) in rows.enumerated() {
                    let row = destination.data + r * width
                    row.update(from: source.baseAddress! + index * dataWidth, count: dataWidth)
                    if conditionWidth > 0 {
                        (row + dataWidth).update(from: vectors.baseAddress! + (rowOrder?[r] ?? r) * conditionWidth, count: conditionWidth)
                    }
                }
            }
        }
    }
}
