import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANTransforms

/// One DP-SGD update of the discriminator, exactly as the accountant assumes it:
///
/// 1. a Poisson sample of the rows (each independently with probability q);
/// 2. each sampled row's condition read off the row itself (a uniformly chosen block), so record
///    selection is not steered by the data;
/// 3. per-row gradients of the real-data loss clipped to C (ghost norms: no per-row gradient is
///    materialized) and summed, every clipped norm checked ≤ C;
/// 4. N(0, σ²C²) added to every coordinate of the sum, divided by the *expected* batch size;
/// 5. the fake-data part of the gradient added without noise: it depends only on the generator and
///    the discriminator, both already private (post-processing);
/// 6. one Adam step.
/// `package`: `profilegan bench neural` times this step as DP fits run it.
package struct PrivateDiscriminatorStep {
    let noiseMultiplier: Double
    let maxGradNorm: Float
    let expectedBatchSize: Int

    init(plan: PrivateTrainingPlan) {
        self.init(noiseMultiplier: plan.noiseMultiplier, maxGradNorm: Float(plan.maxGradNorm),
                  expectedBatchSize: plan.expectedBatchSize)
    }

    package init(noiseMultiplier: Double, maxGradNorm: Float, expectedBatchSize: Int) {
        self.noiseMultiplier = noiseMultiplier
        self.maxGradNorm = maxGradNorm
        self.expectedBatchSize = expectedBatchSize
    }

    /// Runs the step; returns the discriminator's loss on the *fake* rows only. Its loss on the real
    /// rows is computed from private data without noise, so it is never reported (progress bars and
    /// `--log-json` files get shared).
    package func run(trainer: GANTrainer, encoded: EncodedBatch, poisson: PoissonSampler,
             noise: inout PrivacyNoiseGenerator) throws -> Float {
        let discriminator = trainer.discriminator
        discriminator.zeroGradients()
        let rows = poisson.sample(using: &noise)
        // The per-row randomness of real rows (which block conditions a row, its dropout masks) comes
        // from the secret noise source: drawn from the public seed, which row gets which draw would
        // depend on who else is in the sample, and the number of draws on the private batch size.
        let publicDropoutStreams = discriminator.dropouts.map(\.generator)
        for (index, dropout) in discriminator.dropouts.enumerated() {
            dropout.generator = SeededGenerator(seed: noise.next(), stream: UInt64(index))
        }
        if !rows.isEmpty {
            var selected = [Float]()
            selected.reserveCapacity(rows.count * encoded.width)
            for row in rows { selected.append(contentsOf: encoded.row(row)) }
            let conditions = selected.withUnsafeBufferPointer { values in
                trainer.sampler.readConditions(fromEncodedRows: values, rows: rows.count, rng: &noise)
            }
            trainer.gatherRows(rows, from: encoded, conditions: conditions, rowOrder: nil, into: trainer.realInput)
            let scores = discriminator.forward(trainer.realInput)
            _ = BinaryCrossEntropyWithLogits.loss(logits: scores, target: 1, reduction: .sum, gradient: trainer.scoreGradient)
            discriminator.clippedBackward(trainer.scoreGradient, clipNorm: maxGradNorm)
            try NoisyGradient.checkClipped(norms: discriminator.perExampleNorms, factors: discriminator.clipFactors, maxGradNorm: maxGradNorm)
        }
        // The fake rows' masks come from the public stream again, untouched by the private batch size.
        for (dropout, stream) in zip(discriminator.dropouts, publicDropoutStreams) { dropout.generator = stream }
        try NoisyGradient.addNoise(to: discriminator.parameters, noiseMultiplier: noiseMultiplier, maxGradNorm: maxGradNorm,
                                   expectedBatchSize: expectedBatchSize, using: &noise)

        let fakeConditions = trainer.sampleTrainingConditions(batch: expectedBatchSize)
        trainer.generateFakeRows(conditions: fakeConditions)
        trainer.concatenate(data: trainer.activation.output, conditions: fakeConditions, into: trainer.fakeInput)
        let fakeLoss = BinaryCrossEntropyWithLogits.loss(logits: discriminator.forward(trainer.fakeInput), target: 0, gradient: trainer.scoreGradient)
        discriminator.backward(trainer.scoreGradient)
        trainer.discriminatorOptimizer.step()
        return fakeLoss
    }
}
