import Foundation
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// Differentially private fits of the autoregressive model (run them through
/// ``PrivateAutoregressiveFit``, which books them in the budget ledger).
///
/// What reads the private rows, all of it charged: the row count (discrete Gaussian), the category
/// counts of many-valued columns when the schema has any (discrete Gaussian; they decide which
/// categories get their own token, as for the GAN), and DP-SGD on the masked network (Poisson
/// sampling, per-row clipping, Gaussian noise). Everything else is public: the token layout comes
/// from the schema — continuous and datetime columns get equal-width bins between their schema
/// `min` and `max` instead of quantiles of the data — and the settings.
extension AutoregressiveSynthesizer {
    /// What a DP fit whose released row count is `noisyRowCount` releases and spends at δ `delta`,
    /// read off the schema and the settings alone. DP-SGD makes `epochs × ⌊ñ / batch⌋` steps at
    /// q = batch / ñ; the frequency share of a target ε (``PrivacyOptions/frequencyEpsilon``) is
    /// spent only when a many-valued column needs its category counts, otherwise all of ε goes to
    /// DP-SGD.
    public static func planPrivateFit(noisyRowCount: Int, delta: Double, schema: DatasetSchema,
                                      configuration: AutoregressiveConfiguration, privacy: PrivacyOptions) throws -> PrivateTrainingPlan {
        try configuration.validate()
        try checkPrivacyOptions(privacy)
        var unused = SeededGenerator(seed: 0)
        let layout = try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax), rng: &unused)
        return try PrivateTrainingPlan(
            noisyRowCount: noisyRowCount, rowCountNoiseMultiplier: privacy.rowCountNoiseMultiplier, delta: delta, schema: schema,
            training: .init(batchSize: configuration.batchSize, epochs: configuration.epochs, updatesPerStep: 1),
            options: privacy, frequencyBlocks: 0, marginalColumns: [], marginalHistogramColumns: [],
            manyValuedColumns: Synthesizer.manyValuedShapes(Synthesizer.manyValuedColumns(of: layout)), tokenBins: configuration.maxBins)
    }

    /// Refuses privacy settings this model kind cannot use (none today: `preprocessEpsilon` buys
    /// noisy histograms that the token bins are cut from).
    static func checkPrivacyOptions(_ privacy: PrivacyOptions) throws(SynthesizerError) {
        if let preprocess = privacy.preprocessEpsilon, !(preprocess > 0 && preprocess.isFinite) {
            throw .privacy("--preprocess-epsilon must be positive, got \(preprocess)")
        }
    }

    /// Runs `plan` on `table`: its releases (the row count, made by the caller, first), then
    /// exactly its DP-SGD steps. `noise` is the fit's secret source; `seed` drives only public
    /// randomness (the network's initial weights).
    static func fitPrivately(_ table: Table, plan: PrivateTrainingPlan, configuration: AutoregressiveConfiguration,
                             seed: UInt64, noise: inout PrivacyNoiseGenerator, options: Synthesizer.FitOptions) throws -> AutoregressiveModel {
        var phases = FitPhaseClock(reportingTo: options.phase)
        var executed = [plan.releases[0]]
        let histograms = try Synthesizer.releaseHistograms(of: table, plan: plan, noise: &noise, executed: &executed)
        var categoryCounts: [String: [Int]] = [:]
        for release in plan.releases {
            guard case .categoryCounts(let name) = release.subject else { continue }
            categoryCounts[name] = try release.run(counts: Synthesizer.exactCategoryCounts(table, column: name), using: &noise)
            executed.append(release)
        }
        try plan.verify(executed: executed)
        let tokenizer = try TableTokenizer(publicSchema: table.schema, bins: configuration.maxBins, histograms: histograms, categoryCounts: categoryCounts,
                                           singleOutThreshold: plan.singleOutThreshold)
        let tokens = try tokenizer.encode(table)
        phases.finished(categoryCounts.isEmpty && histograms.isEmpty ? "rows tokenized by the schema's bounds (\(tokenizer.tokenColumns.count) token columns)"
                        : "noisy histograms and category counts released, rows tokenized (\(tokenizer.tokenColumns.count) token columns)")

        var rng = SeededGenerator(seed: seed)
        var initRNG = rng.split(stream: 20)
        let network = MaskedAutoregressiveNetwork(blockSizes: tokenizer.vocabularySizes, hiddenSizes: configuration.hiddenSizes,
                                                  generator: &initRNG)
        let trainer = AutoregressiveTrainer(network: network, configuration: configuration)
        let poisson = try PoissonSampler(rowCount: table.rowCount, samplingRate: plan.samplingRate)
        let step = PrivateTokenStep(plan: plan)
        let k = tokenizer.tokenColumns.count
        var loop = TrainingLoop(epochs: configuration.epochs, stepsPerEpoch: plan.stepsPerEpoch,
                                rowsPerStep: plan.expectedBatchSize, options: options)
        loop.epsilonAfterSteps = { plan.progressEpsilon(afterSteps: $0) }
        try loop.run(snapshot: nil) {
            try step.run(trainer: trainer, tokens: tokens, columns: k, poisson: poisson, noise: &noise)
            return (0, 0, 1)
        }
        let record = try plan.record(
            afterSteps: loop.discriminatorSteps, randomness: noise.randomness,
            publicInformation: "the schema (column names and types, continuous bounds — the token bins are equal-width within them —, category and label lists, the allowed pairs of fixed_combinations constraints) and the settings; the row count is released with noise (about \(plan.noisyRowCount) rows) and charged")
        let summary = TrainingSummary(
            rows: plan.noisyRowCount, epochsCompleted: loop.epochsCompleted, discriminatorSteps: loop.discriminatorSteps, seed: seed,
            seconds: loop.elapsedSeconds, stoppedEarly: loop.epochsCompleted < configuration.epochs,
            trainingDataSHA256: nil, libraryVersion: ProfileGANVersion.string)
        return try AutoregressiveModel(tokenizer: tokenizer, configuration: configuration, summary: summary, privacy: record, network: network)
    }
}
