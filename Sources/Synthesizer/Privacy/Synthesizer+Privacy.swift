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

    /// What a DP fit whose released row count is `noisyRowCount` will release and spend, at δ
    /// `delta`, without reading any row. ``PrivateFit`` releases the row count, calls this, reserves
    /// the plan in the ledger, and runs it exactly.
    public static func planPrivateFit(noisyRowCount: Int, delta: Double, schema: DatasetSchema,
                                      configuration: SynthesizerConfiguration, privacy: PrivacyOptions) throws -> PrivateTrainingPlan {
        let resolved = try privateConfiguration(configuration, privacy: privacy)
        // The marginal columns from the schema alone: a min-max layout reads no row.
        var unused = SeededGenerator(seed: 0)
        let layout = try DataTransformer(publicSchema: schema, options: resolved.transformerOptions(continuous: .minmax), rng: &unused)
        let scalars = marginalHistogramColumns(schema, configuration: resolved)
        // A many-valued column's block depends on which categories its noisy counts single out, so
        // its marginal is not a planned block release: all its category counts are (one vector).
        let manyValued = manyValuedColumns(of: layout)
        let shapes = MarginalColumn.columns(of: layout, scalarColumns: scalars, excluding: Set(manyValued.map(\.name))).map {
            PrivateTrainingPlan.MarginalShape(name: $0.name, cells: $0.cellCount(bins: privacy.marginalBins),
                                              pairCells: $0.cellCount(bins: privacy.marginalPairBins))
        }
        return try PrivateTrainingPlan(noisyRowCount: noisyRowCount, rowCountNoiseMultiplier: privacy.rowCountNoiseMultiplier,
                                       delta: delta, schema: schema,
                                       training: .init(batchSize: resolved.batchSize, epochs: resolved.effectiveEpochs,
                                                       updatesPerStep: resolved.discriminatorSteps),
                                       options: privacy,
                                       frequencyBlocks: layout.conditionableBlocks.count, marginalColumns: shapes,
                                       marginalHistogramColumns: scalars,
                                       manyValuedColumns: manyValuedShapes(manyValued))
    }

    /// The category count vectors of many-valued columns: one cell per category, then the missing one.
    static func manyValuedShapes(_ columns: [DiscreteTransform]) -> [PrivateTrainingPlan.ManyValuedShape] {
        columns.map { .init(name: $0.name, cells: $0.categories.count + ($0.nullable ? 1 : 0)) }
    }

    /// The categorical columns of a public transformer that have a rare bucket (more categories
    /// than one-hot entries allowed), in schema order.
    static func manyValuedColumns(of transformer: DataTransformer) -> [DiscreteTransform] {
        transformer.columns.compactMap { column in
            guard case .discrete(let transform) = column, transform.rare != nil else { return nil }
            return transform
        }
    }

    /// The exact counts a ``PlannedRelease/Subject/categoryCounts(column:)`` release noises: one
    /// per schema category (matched by name), then the missing count when the column is nullable.
    static func exactCategoryCounts(_ table: Table, column name: String) throws -> [Int] {
        guard let index = table.schema.columnIndex(named: name), case .categorical(let categories?) = table.schema.columns[index].kind,
              case .categorical(let codes, let seen) = table.columns[index] else {
            throw SynthesizerError.privacy("internal check failed: the plan releases the category counts of \(name), which is not a categorical column with public categories")
        }
        let position = Dictionary(categories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let toSchema = seen.map { position[$0] ?? -1 }
        let nullable = table.schema.columns[index].nullable
        var counts = [Int](repeating: 0, count: categories.count + (nullable ? 1 : 0))
        for code in codes {
            if code >= 0, toSchema[Int(code)] >= 0 { counts[toSchema[Int(code)]] += 1 } else if code < 0, nullable { counts[categories.count] += 1 }
        }
        return counts
    }

    /// A many-valued column's one-hot block counts (its kept categories, the rare bucket's total,
    /// then the missing entry), summed from its released category counts: post-processing.
    static func blockCounts(of transform: DiscreteTransform, released: [Int]) -> [Double] {
        let kept = (transform.oneHot ?? []).map { Double(released[Int($0)]) }
        let rare = max(0, (transform.rare?.members ?? []).reduce(0) { $0 + released[Int($1)] })
        return kept + [Double(rare)] + (transform.nullable ? [Double(released[transform.categories.count])] : [])
    }

    /// The continuous and datetime columns whose one-way marginal the generator can be trained
    /// towards: every one under min-max encoding, where the generator's scalar *is* the value
    /// scaled to [−1, 1] (a nullable column's histogram has one more cell, its missing rows).
    /// Under mode-specific normalization a value is a mode and a scalar together: none.
    static func marginalHistogramColumns(_ schema: DatasetSchema, configuration: SynthesizerConfiguration) -> [String] {
        guard configuration.effectiveContinuousEncoding == .minmax else { return [] }
        return schema.columns.filter { $0.kind.numericRange != nil }.map(\.name)
    }

    /// Makes the plan's ``PlannedRelease/Subject/histogram(column:)`` releases — each planned
    /// continuous column's counts over its schema bounds, with discrete Gaussian noise — appending
    /// each to `executed`.
    static func releaseHistograms(of table: Table, plan: PrivateTrainingPlan, noise: inout PrivacyNoiseGenerator,
                                  executed: inout [PlannedRelease]) throws -> [String: WeightedHistogram] {
        var histograms: [String: WeightedHistogram] = [:]
        for release in plan.releases {
            guard case .histogram(let name) = release.subject else { continue }
            guard let index = table.schema.columnIndex(named: name), case .continuous(let values) = table.columns[index],
                  let lower = table.schema.columns[index].kind.numericRange?.min, let upper = table.schema.columns[index].kind.numericRange?.max
            else { throw SynthesizerError.privacy("column \"\(name)\" needs min and max in the schema under DP") }
            let exact = WeightedHistogram.exactCounts(of: values, bounds: lower...upper, binCount: release.cells)
            let released = try release.run(counts: exact.counts.map { Int($0) }, using: &noise)
            histograms[name] = WeightedHistogram(lowerBound: lower, upperBound: upper, counts: released.map(Double.init))
            executed.append(release)
        }
        return histograms
    }

    /// Runs `plan` on `table`: its releases in order (the row count, already made by the caller,
    /// first), checked against the plan, then exactly its DP-SGD steps. `noise` is the fit's secret
    /// source; `seed` drives only public randomness.
    static func fitPrivately(_ table: Table, plan: PrivateTrainingPlan, configuration: SynthesizerConfiguration,
                             privacy: PrivacyOptions, seed: UInt64, noise: inout PrivacyNoiseGenerator,
                             options: FitOptions) throws -> SynthesizerModel {
        var phases = FitPhaseClock(reportingTo: options.phase)
        var rng = SeededGenerator(seed: seed)
        var transformRNG = rng.split(stream: 10)
        var executed = [plan.releases[0]]  // the row count, released by PrivateFit

        // Continuous columns: min-max from the schema, or a mixture fitted to noisy histograms.
        let histograms = try releaseHistograms(of: table, plan: plan, noise: &noise, executed: &executed)
        // Many-valued columns: every category count, released before the encoding exists, since
        // which categories keep their own entry depends on them.
        var categoryCounts: [String: [Int]] = [:]
        for release in plan.releases {
            guard case .categoryCounts(let name) = release.subject else { continue }
            categoryCounts[name] = try release.run(counts: exactCategoryCounts(table, column: name), using: &noise)
            executed.append(release)
        }
        let transformer = try DataTransformer(
            publicSchema: table.schema, options: configuration.transformerOptions(continuous: configuration.effectiveContinuousEncoding),
            continuousHistograms: histograms, categoryCounts: categoryCounts, singleOutThreshold: plan.singleOutThreshold,
            rng: &transformRNG)
        phases.finished(histograms.isEmpty && categoryCounts.isEmpty ? "transformer built from the schema"
                        : "noisy histograms and category counts released, transformer fitted to them")
        let encoded = try transformer.encode(table, rng: &transformRNG)
        phases.finished("rows encoded (\(encoded.width) values each)")

        // Marginals: integer counts with discrete Gaussian noise, exactly the planned list. The
        // category counts condition the generator; all of them are targets it is trained towards.
        let layout = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        let manyValued = manyValuedColumns(of: transformer)
        let columns = MarginalColumn.columns(of: transformer, scalarColumns: plan.marginalHistogramColumns)
        func column(_ name: String) throws -> MarginalColumn {
            guard let found = columns.first(where: { $0.name == name }) else {
                throw SynthesizerError.privacy("internal check failed: the plan releases a marginal of \(name), which the fit does not have")
            }
            return found
        }
        var targets: [MarginalTarget] = []
        var releasedBlocks: [String: [Double]] = [:]
        for transform in manyValued {
            guard let released = categoryCounts[transform.name] else { continue }
            let counts = blockCounts(of: transform, released: released)
            releasedBlocks[transform.name] = counts
            targets += try column(transform.name).targets(counts: counts, bins: privacy.marginalBins)
        }
        for release in plan.releases {
            switch release.subject {
            case .rowCount, .histogram, .categoryCounts: continue
            case .marginal(let name):
                let c = try column(name)
                let released = try release.run(counts: c.counts(of: encoded, bins: privacy.marginalBins), using: &noise).map(Double.init)
                releasedBlocks[name] = released
                targets += c.targets(counts: released, bins: privacy.marginalBins)
            case .pair(let first, let second):
                let a = try column(first), b = try column(second), bins = privacy.marginalPairBins
                let released = try release.run(counts: a.counts(with: b, of: encoded, bins: bins), using: &noise).map(Double.init)
                targets += a.targets(with: b, counts: released, bins: bins)
            }
            executed.append(release)
        }
        try plan.verify(executed: executed)
        var frequencies = CategoryFrequencies.uniform
        if plan.frequencyNoiseMultiplier != nil {
            frequencies = .noisyCounts(try layout.blocks.map { block in
                guard let counts = releasedBlocks[block.displayName] else {
                    throw SynthesizerError.privacy("internal check failed: no released counts for the block \(block.displayName)")
                }
                return counts
            })
        }
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: frequencies)
        let trainer = GANTrainer(configuration: configuration, transformer: transformer, sampler: sampler, pac: 1,
                                 rng: rng.split(stream: 11))
        // Real rows come from a Poisson sample with conditions read off them (plain frequencies), so
        // the generated side is conditioned with the same law.
        trainer.conditionLaw = .plainFrequency
        if plan.frequencyNoiseMultiplier != nil, configuration.effectiveMarginalWeight > 0 {
            trainer.marginalTargets = MarginalTargets(targets: targets, weight: configuration.effectiveMarginalWeight)
        }
        let poisson = try PoissonSampler(rowCount: table.rowCount, samplingRate: plan.samplingRate)
        let step = PrivateDiscriminatorStep(plan: plan)
        phases.finished("noisy marginals released; sampler and networks built")

        var loop = TrainingLoop(epochs: configuration.effectiveEpochs, stepsPerEpoch: plan.stepsPerEpoch,
                                rowsPerStep: plan.expectedBatchSize, options: options)
        loop.epsilonAfterSteps = { plan.progressEpsilon(afterSteps: $0) }
        let randomness = noise.randomness
        func snapshot() throws -> SynthesizerModel {
            let record = try plan.record(
                afterSteps: loop.discriminatorSteps, randomness: randomness,
                publicInformation: "the schema (column names and types, continuous bounds, category and label lists, the allowed pairs of fixed_combinations constraints) and the settings; the row count is released with noise (about \(plan.noisyRowCount) rows) and charged")
            return try makeModel(trainer: trainer, configuration: configuration, loop: loop, rows: plan.noisyRowCount, seed: seed,
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
