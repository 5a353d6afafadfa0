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
/// categories get their own token, as for the GAN), each token column's counts and, when there are
/// few enough columns (``PrivacyOptions/marginalPairs``), the two-way counts of every pair of them
/// (discrete Gaussian, one mechanism), and DP-SGD on the masked network (Poisson sampling, per-row
/// clipping, Gaussian noise). Each noisy update also gets a pull towards the released marginals
/// (``TokenMarginalMatching``), computed on rows drawn from the network: post-processing. Everything
/// else is public: the token layout comes from the schema — continuous and datetime columns get
/// equal-width bins between their schema `min` and `max` instead of quantiles of the data — and the
/// settings.
extension AutoregressiveSynthesizer {
    /// What a DP fit whose released row count is `noisyRowCount` releases and spends at δ `delta`,
    /// read off the schema and the settings alone. DP-SGD makes `epochs × ⌊ñ / batch⌋` steps at
    /// q = batch / ñ; the frequency share of a target ε (``PrivacyOptions/frequencyEpsilon``) goes
    /// to the marginals (none with ``AutoregressiveConfiguration/marginalWeight`` 0, then only to
    /// many-valued columns' category counts), the rest to DP-SGD.
    public static func planPrivateFit(noisyRowCount: Int, delta: Double, schema: DatasetSchema,
                                      configuration: AutoregressiveConfiguration, privacy: PrivacyOptions) throws -> PrivateTrainingPlan {
        try configuration.validate()
        try checkPrivacyOptions(privacy)
        var unused = SeededGenerator(seed: 0)
        let layout = try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax), rng: &unused)
        let manyValued = Synthesizer.manyValuedColumns(of: layout)
        let tokenizer = try TableTokenizer(publicSchema: schema, bins: configuration.maxBins)
        let marginals = configuration.effectiveMarginalWeight == 0 ? []
            : marginalTokenColumns(of: tokenizer, manyValued: Set(manyValued.map(\.name)), histograms: privacy.preprocessEpsilon != nil,
                                   pairBins: privacy.marginalPairBins)
        return try PrivateTrainingPlan(
            noisyRowCount: noisyRowCount, rowCountNoiseMultiplier: privacy.rowCountNoiseMultiplier, delta: delta, schema: schema,
            training: .init(batchSize: configuration.batchSize, epochs: configuration.epochs, updatesPerStep: 1),
            options: privacy, frequencyBlocks: marginals.count, marginalColumns: marginals, marginalHistogramColumns: [],
            manyValuedColumns: Synthesizer.manyValuedShapes(manyValued), tokenBins: configuration.maxBins)
    }

    /// The token columns whose marginals a DP fit releases, in token order: every one whose
    /// vocabulary the schema fixes — not a many-valued column's (its tokens depend on the released
    /// category counts, which already give its marginal) nor, when bins are cut from noisy
    /// histograms, a binned column's (empty stretches merge bins).
    static func marginalTokenColumns(of tokenizer: TableTokenizer, manyValued: Set<String>, histograms: Bool,
                                     pairBins: Int) -> [PrivateTrainingPlan.MarginalShape] {
        let schema = tokenizer.schema
        return tokenizer.tokenColumns.compactMap { token in
            if manyValued.contains(schema.columns[token.column].name) { return nil }
            if histograms, case .bins = token.source { return nil }
            return .init(name: token.name, cells: token.vocabularySize,
                         pairCells: TokenMarginalMatching.pairCells(of: token, pairBins: pairBins).max()! + 1)
        }
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
    static func fitPrivately(_ table: Table, plan: PrivateTrainingPlan, configuration: AutoregressiveConfiguration, pairBins: Int,
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
        let tokenizer = try TableTokenizer(publicSchema: table.schema, bins: configuration.maxBins, histograms: histograms, categoryCounts: categoryCounts,
                                           singleOutThreshold: plan.singleOutThreshold)
        let tokens = try tokenizer.encode(table)
        let (targets, support) = try TokenMarginalMatching.release(tokens: tokens, tokenizer: tokenizer, plan: plan, pairBins: pairBins,
                                                       noise: &noise, executed: &executed)
        try plan.verify(executed: executed)
        phases.finished(executed.count == 1 ? "rows tokenized by the schema's bounds (\(tokenizer.tokenColumns.count) token columns)"
                        : "rows tokenized (\(tokenizer.tokenColumns.count) token columns), \(executed.count - 1) noisy count vectors released")

        var rng = SeededGenerator(seed: seed)
        var initRNG = rng.split(stream: 20)
        let network = MaskedAutoregressiveNetwork(blockSizes: tokenizer.vocabularySizes, hiddenSizes: configuration.hiddenSizes,
                                                  generator: &initRNG)
        let trainer = AutoregressiveTrainer(network: network, configuration: configuration)
        let poisson = try PoissonSampler(rowCount: table.rowCount, samplingRate: plan.samplingRate)
        let step = PrivateTokenStep(plan: plan)
        let marginals = TokenMarginalMatching(targets: targets, support: support, weight: configuration.effectiveMarginalWeight,
                                              sampleRows: TokenMarginalMatching.defaultSampleRows, rng: rng.split(stream: 22))
        let k = tokenizer.tokenColumns.count
        var loop = TrainingLoop(epochs: configuration.epochs, stepsPerEpoch: plan.stepsPerEpoch,
                                rowsPerStep: plan.expectedBatchSize, options: options)
        loop.epsilonAfterSteps = { plan.progressEpsilon(afterSteps: $0) }
        try loop.run(snapshot: nil) {
            try step.run(trainer: trainer, tokens: tokens, columns: k, poisson: poisson, marginals: marginals, noise: &noise)
            return (0, 0, 1)
        }
        let record = try plan.record(
            afterSteps: loop.discriminatorSteps, randomness: noise.randomness,
            publicInformation: "the schema (column names and types, continuous bounds — the token bins are equal-width within them —, category and label lists, the allowed pairs of fixed_combinations constraints) and the settings; the row count is released with noise (about \(plan.noisyRowCount) rows) and charged")
        let summary = TrainingSummary(
            rows: plan.noisyRowCount, epochsCompleted: loop.epochsCompleted, discriminatorSteps: loop.discriminatorSteps, seed: seed,
            seconds: loop.elapsedSeconds, stoppedEarly: loop.epochsCompleted < configuration.epochs,
            trainingDataSHA256: nil, libraryVersion: ProfileGANVersion.string)
        return try AutoregressiveModel(tokenizer: tokenizer, configuration: configuration, summary: summary, privacy: record,
                                       tokenSupport: support, network: network)
    }
}
