import ProfileGANNeural
import ProfileGANPrivacy

/// One DP-SGD update of the masked network, exactly as the accountant assumes it:
///
/// 1. a Poisson sample of the token rows (each independently with probability q), drawn from the
///    fit's secret noise source;
/// 2. each sampled row's gradient of its own negative log-likelihood clipped to C (ghost norms of
///    the masked layers, ``MaskedAutoregressiveNetwork/clippedBackward(_:clipNorm:)``) and summed,
///    every clipped norm checked ≤ C;
/// 3. N(0, σ²C²) added to every coordinate of the sum, divided by the *expected* batch size;
/// 4. the pull towards the released marginals added (``TokenMarginalMatching``: post-processing,
///    computed on rows drawn from the network, not on the training rows);
/// 5. one AdamW step.
struct PrivateTokenStep {
    let noiseMultiplier: Double
    let maxGradNorm: Float
    let expectedBatchSize: Int

    init(plan: PrivateTrainingPlan) {
        noiseMultiplier = plan.noiseMultiplier
        maxGradNorm = Float(plan.maxGradNorm)
        expectedBatchSize = plan.expectedBatchSize
    }

    /// Runs the step. Reports nothing about the rows: their loss is computed without noise, so it
    /// is never shown (progress lines and `--log-json` files get shared).
    func run(trainer: AutoregressiveTrainer, tokens: [Int32], columns k: Int, poisson: PoissonSampler,
             marginals: TokenMarginalMatching?, noise: inout PrivacyNoiseGenerator) throws {
        let network = trainer.network
        network.zeroGradients()
        let rows = poisson.sample(using: &noise)
        if !rows.isEmpty {
            trainer.forwardLoss(tokens: tokens, columns: k, rows: rows, reduction: .sum)
            network.clippedBackward(trainer.gradient, clipNorm: maxGradNorm)
            try NoisyGradient.checkClipped(norms: network.perExampleNorms, factors: network.clipFactors, maxGradNorm: maxGradNorm)
        }
        try NoisyGradient.addNoise(to: network.parameters, noiseMultiplier: noiseMultiplier, maxGradNorm: maxGradNorm,
                                   expectedBatchSize: expectedBatchSize, using: &noise)
        marginals?.addGradient(to: network)
        trainer.optimizer.step()
    }
}
