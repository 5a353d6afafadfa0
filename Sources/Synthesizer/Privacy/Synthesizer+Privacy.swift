import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

extension Synthesizer {
    /// The settings a DP fit actually runs with: BCE loss (the per-row gradient penalty of WGAN-GP
    /// would have to be clipped per row too, which the ghost-norm clipping does not cover),
    /// pac = 1 (one discriminator example must be one person's row for clipping to bound one
    /// person's influence), and min-max encoding unless histograms are paid for.
    public static func privateConfiguration(_ configuration: SynthesizerConfiguration, privacy: PrivacyOptions) throws(SynthesizerError) -> SynthesizerConfiguration {
        var resolved = configuration
        if configuration.loss == .wganGP {
            throw .privacy("the wgan-gp loss is not supported under DP (its gradient penalty is not covered by per-row clipping); use --loss bce, the default under DP")
        }
        resolved.loss = .bce
        resolved.pac = 1
        resolved.epochs = configuration.epochs ?? SynthesizerConfiguration.defaultPrivateEpochs
        switch (configuration.continuousEncoding, privacy.preprocessEpsilon) {
        case (.vgm, nil):
            throw .privacy("mode-specific normalization (vgm) under DP fits a mixture to each continuous column, which needs a noisy histogram charged to the budget: add --preprocess-epsilon, or use --continuous minmax")
        case (.minmax, .some):
            throw .privacy("--preprocess-epsilon pays for histograms that only the vgm encoding uses; drop it or use --continuous vgm")
        case (nil, .some), (.vgm, .some): resolved.continuousEncoding = .vgm
        case (nil, nil), (.minmax, nil): resolved.continuousEncoding = .minmax
        }
        return resolved
    }

    /// What a DP fit of `rowCount` rows will spend, without reading any row (for the ledger and the
    /// user, before training). ``fit(_:configuration:privacy:options:)`` follows this plan exactly.
    public static func planPrivateFit(rowCount: Int, schema: DatasetSchema, configuration: SynthesizerConfiguration,
                                      privacy: PrivacyOptions) throws -> PrivateTrainingPlan {
        let resolved = try privateConfiguration(configuration, privacy: privacy)
        var unused = SeededGenerator(seed: 0)
        let layout = try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax), rng: &unused)
        return try PrivateTrainingPlan(rowCount: rowCount, schema: schema, configuration: resolved, options: privacy,
                                       frequencyBlocks: layout.conditionableBlocks.count,
                                       marginalHistogramColumns: marginalHistogramColumns(schema, configuration: resolved))
    }

    /// The continuous columns whose one-way marginal the generator can be trained towards: the
    /// non-nullable ones under min-max encoding, where the generator's scalar *is* the value scaled
    /// to [−1, 1]. (Under mode-specific normalization a value is a mode and a scalar together.)
    static func marginalHistogramColumns(_ schema: DatasetSchema, configuration: SynthesizerConfiguration) -> [String] {
        guard configuration.effectiveContinuousEncoding == .minmax else { return [] }
        return schema.columns.filter { column in
            if case .continuous = column.kind { !column.nullable } else { false }
        }.map(\.name)
    }

    static func fitPrivately(_ table: Table, configuration: SynthesizerConfiguration, privacy: PrivacyOptions,
                             seed: UInt64, noiseSeed: UInt64?, options: FitOptions) throws -> SynthesizerModel {
        let configuration = try privateConfiguration(configuration, privacy: privacy)
        let plan = try planPrivateFit(rowCount: table.rowCount, schema: table.schema, configuration: configuration, privacy: privacy)
        // DP noise and Poisson sampling: the OS's secure source unless the user asked for a seeded run.
        var noise = PrivacyNoiseGenerator(seed: noiseSeed)
        var rng = SeededGenerator(seed: seed)
        var transformRNG = rng.split(stream: 10)

        // Continuous columns: min-max from the schema, or a mixture fitted to noisy histograms.
        var histograms: [String: WeightedHistogram] = [:]
        if let sigma = plan.histogramNoiseMultiplier {
            for name in plan.histogramColumns {
                guard let index = table.schema.columnIndex(named: name), case .continuous(let values) = table.columns[index],
                      case .continuous(let lower?, let upper?, _) = table.schema.columns[index].kind
                else { throw SynthesizerError.privacy("column \"\(name)\" needs min and max in the schema under DP") }
                let exact = WeightedHistogram.exactCounts(of: values, bounds: lower...upper, binCount: privacy.histogramBins)
                let released = try NoisyCounts.release(counts: exact.counts.map { Int($0) }, noiseMultiplier: sigma,
                                                       purpose: "histogram of \(name)", using: &noise)
                histograms[name] = WeightedHistogram(lowerBound: lower, upperBound: upper, counts: released.values)
            }
        }
        let transformer = try DataTransformer(
            publicSchema: table.schema, options: TransformerOptions(continuous: configuration.effectiveContinuousEncoding),
            continuousHistograms: histograms, rng: &transformRNG)
        let encoded = try transformer.encode(table, rng: &transformRNG)

        // Marginals: noisy counts (charged) or none; never the exact counts. The category counts
        // condition the generator; all released marginals are targets it is trained towards.
        let layout = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        var frequencies = CategoryFrequencies.uniform
        var marginalTargets: MarginalTargets?
        if let sigma = plan.frequencyNoiseMultiplier {
            let columns = MarginalColumn.columns(of: transformer, scalarColumns: plan.marginalHistogramColumns)
            var targets: [MarginalTarget] = []
            var blockCounts: [[Double]] = []
            for (index, column) in columns.enumerated() {
                let released = try NoisyCounts.release(
                    counts: column.counts(of: encoded, bins: privacy.marginalBins), noiseMultiplier: sigma,
                    purpose: "marginal of \(column.name)", using: &noise).values
                if index < layout.blocks.count { blockCounts.append(released) }
                targets.append(.init(first: column.cells(bins: privacy.marginalBins),
                                     distribution: MarginalTargets.distribution(released)))
            }
            if plan.marginalPairCount > 0 {
                let bins = privacy.marginalPairBins
                for i in columns.indices {
                    for j in (i + 1)..<columns.count {
                        let released = try NoisyCounts.release(
                            counts: columns[i].counts(with: columns[j], of: encoded, bins: bins), noiseMultiplier: sigma,
                            purpose: "marginal of \(columns[i].name) × \(columns[j].name)", using: &noise).values
                        targets.append(.init(first: columns[i].cells(bins: bins), second: columns[j].cells(bins: bins),
                                             distribution: MarginalTargets.distribution(released)))
                    }
                }
            }
            frequencies = .noisyCounts(blockCounts)
            if configuration.effectiveMarginalWeight > 0 {
                marginalTargets = MarginalTargets(targets: targets, weight: configuration.effectiveMarginalWeight)
            }
        }
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: frequencies)
        let trainer = GANTrainer(configuration: configuration, transformer: transformer, sampler: sampler, pac: 1,
                                 rng: rng.split(stream: 11))
        // Real rows come from a Poisson sample with conditions read off them (plain frequencies), so
        // the generated side is conditioned with the same law.
        trainer.conditionLaw = .plainFrequency
        trainer.marginalTargets = marginalTargets
        let poisson = try PoissonSampler(rowCount: table.rowCount, samplingRate: plan.samplingRate)
        let step = PrivateDiscriminatorStep(plan: plan)

        var loop = TrainingLoop(epochs: configuration.effectiveEpochs, stepsPerEpoch: plan.stepsPerEpoch,
                                rowsPerStep: plan.expectedBatchSize, options: options)
        let preprocessing = Array(plan.mechanisms.dropLast())
        // Progress shows a bound that costs microseconds, not a PLD per epoch (0.5 s each at σ = 1):
        // ε never decreases with more steps, so the plan's ε for all steps bounds every intermediate
        // value, and the RDP bound for the steps made is the tighter of the two early on. The model
        // records its own accountant's figure for the steps actually made.
        let progressAccountant = RDPAccountant()
        loop.epsilonAfterSteps = { steps in
            var mechanisms = preprocessing
            if steps > 0 {
                mechanisms.append(.poissonGaussian(samplingRate: plan.samplingRate, noiseMultiplier: plan.noiseMultiplier,
                                                   steps: steps, maxGradNorm: plan.maxGradNorm))
            }
            let bound = (try? progressAccountant.epsilon(composing: mechanisms, delta: plan.delta)) ?? .infinity
            return min(bound, plan.epsilon)
        }
        func snapshot() throws -> SynthesizerModel {
            // A stopped fit spent only the steps it made; the record says exactly that.
            let made = loop.discriminatorSteps
            var mechanisms = preprocessing
            if made > 0 {
                mechanisms.append(.poissonGaussian(samplingRate: plan.samplingRate, noiseMultiplier: plan.noiseMultiplier,
                                                   steps: made, maxGradNorm: plan.maxGradNorm))
            }
            let record = try PrivacyRecord(
                mechanisms: mechanisms, delta: plan.delta, accountant: plan.accountant, randomness: noise.randomness,
                publicInformation: "the schema (column names and types, continuous bounds, category and label lists) and the row count",
                libraryVersion: ProfileGANVersion.string)
            return try makeModel(trainer: trainer, configuration: configuration, loop: loop, table: table, seed: seed,
                                 privacy: record, options: options)
        }
        try loop.run(snapshot: snapshot) {
            var discriminatorLoss: Float = 0
            for _ in 0..<configuration.discriminatorSteps {
                discriminatorLoss = try step.run(trainer: trainer, encoded: encoded, poisson: poisson, noise: &noise)
            }
            let generatorLoss = trainer.generatorStep(batch: plan.expectedBatchSize)
            return (generatorLoss, discriminatorLoss, configuration.discriminatorSteps)
        }
        return try snapshot()
    }
}
