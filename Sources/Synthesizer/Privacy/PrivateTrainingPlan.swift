import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANSchema

/// Everything a DP fit will release and spend, fixed before training reads a row: the explicit list
/// of count releases (``releases``: what, cells, sensitivity, σ, mechanism), the DP-SGD run
/// (sampling rate, steps, σ, clipping) and the composed (ε, δ).
///
/// The plan depends only on public facts — the schema and the settings — and on the fit's noisy
/// row count ñ (itself the plan's first release, charged): q = batch/ñ, the default δ = 1/(10ñ) and
/// the steps all come from ñ, never from the exact n. It is reserved in the budget ledger before
/// training; training then runs exactly ``releases`` and ``steps`` (``PrivateFit``).
public struct PrivateTrainingPlan: Sendable, Equatable {
    /// The released (noisy) row count ñ; everything below is derived from it.
    public let noisyRowCount: Int
    /// δ of the guarantee.
    public let delta: Double
    /// Poisson sampling rate q = expected batch / ñ.
    public let samplingRate: Double
    /// Rows per discriminator step the noisy gradient sum is divided by (the batch size).
    public let expectedBatchSize: Int
    /// Discriminator steps (each one Poisson sample and one noisy gradient).
    public let steps: Int
    /// Generator updates per epoch.
    public let stepsPerEpoch: Int
    /// DP-SGD noise multiplier σ (noise standard deviation σ·C on the clipped gradient sum).
    public let noiseMultiplier: Double
    /// Clipping norm C.
    public let maxGradNorm: Double
    /// Every count vector released, in the order they are made (the row count first).
    public let releases: [PlannedRelease]
    /// Conditionable blocks whose counts are released (one count vector each); for the
    /// autoregressive model, its token columns'.
    public let frequencyBlocks: Int
    /// Continuous and datetime columns whose marginal histogram is released with the category
    /// counts (min-max encoding only; a nullable one's has one more cell, its missing rows; empty
    /// when no marginals are released).
    public let marginalHistogramColumns: [String]
    /// Two-way marginals released with the one-way ones.
    public let marginalPairCount: Int
    /// Many-valued categorical columns (more than ``ProfileGANTransforms/TransformerOptions/maxOneHotCategories``
    /// categories) whose every category count is released (``PlannedRelease/Subject/categoryCounts(column:)``),
    /// with the marginals' σ; empty when no marginals are released (their categories then all stay
    /// in the rare bucket, drawn uniformly).
    public let categoryCountColumns: [String]
    /// A category of a many-valued column keeps its own one-hot entry only when its noisy count is
    /// at least this (``PrivacyOptions/singleOutNoiseMultiples`` × the release's σ).
    public let singleOutThreshold: Double
    /// σ of the marginal releases (nil: uniform frequencies, no spend).
    public let frequencyNoiseMultiplier: Double?
    /// σ of each continuous column's vgm histogram (nil: no histograms; minmax encoding).
    public let histogramNoiseMultiplier: Double?
    /// The continuous columns whose vgm histograms are released.
    public let histogramColumns: [String]
    /// Every mechanism charged, in the order they run: one discrete Gaussian per release group
    /// (derived from ``releases``), then DP-SGD.
    public let mechanisms: [PrivacyMechanism]
    /// The accountant.
    public let accountant: AccountantKind
    /// The most token bins per continuous column of an autoregressive fit's plan (nil for the GAN).
    public let tokenBins: Int?
    /// The marginal mechanism's purpose in the record.
    let marginalPurpose: String
    /// The composed ε of all mechanisms at ``delta``.
    public let epsilon: Double
    /// ε values the plan's accountant computed at ``delta``, by the list of mechanisms composed:
    /// all of them, and DP-SGD alone (what the model's record reports when the fit runs as planned).
    let knownEpsilons: [[PrivacyMechanism]: Double]

    /// The shape of a marginal column: its name, its cells one-way and in a pair.
    struct MarginalShape: Equatable {
        let name: String
        let cells: Int
        let pairCells: Int
    }

    /// A many-valued categorical column: its name and its category count vector's cells.
    struct ManyValuedShape: Equatable {
        let name: String
        let cells: Int
    }

    /// How DP-SGD runs: `batchSize` expected rows a step, `epochs` passes of ⌊ñ / batch⌋ steps,
    /// `updatesPerStep` noisy updates in each (the GAN's discriminator steps; 1 for the
    /// autoregressive model).
    struct TrainingShape: Equatable {
        let batchSize: Int
        let epochs: Int
        let updatesPerStep: Int
    }

    init(noisyRowCount: Int, rowCountNoiseMultiplier: Double, delta: Double, schema: DatasetSchema,
         training: TrainingShape, options: PrivacyOptions, frequencyBlocks: Int,
         marginalColumns: [MarginalShape], marginalHistogramColumns: [String],
         manyValuedColumns: [ManyValuedShape] = [], tokenBins: Int? = nil) throws(SynthesizerError) {
        do {
            try self.init(unchecked: noisyRowCount, rowCountNoiseMultiplier: rowCountNoiseMultiplier, delta: delta,
                          schema: schema, training: training, options: options, frequencyBlocks: frequencyBlocks,
                          marginalColumns: marginalColumns, marginalHistogramColumns: marginalHistogramColumns,
                          manyValuedColumns: manyValuedColumns, tokenBins: tokenBins)
        } catch let error as SynthesizerError {
            throw error
        } catch {
            throw .privacy("\(error)")
        }
    }

    private init(unchecked noisyRowCount: Int, rowCountNoiseMultiplier: Double, delta: Double, schema: DatasetSchema,
                 training: TrainingShape, options: PrivacyOptions, frequencyBlocks: Int,
                 marginalColumns: [MarginalShape], marginalHistogramColumns: [String],
                 manyValuedColumns: [ManyValuedShape], tokenBins: Int?) throws {
        guard noisyRowCount >= 2 else { throw SynthesizerError.privacy("a DP fit needs at least 2 rows (the noisy row count is \(noisyRowCount))") }
        guard options.maxGradNorm > 0, options.maxGradNorm.isFinite else { throw SynthesizerError.privacy("max gradient norm must be positive") }
        self.noisyRowCount = noisyRowCount
        self.delta = delta
        self.tokenBins = tokenBins
        expectedBatchSize = min(training.batchSize, noisyRowCount)
        samplingRate = Double(expectedBatchSize) / Double(noisyRowCount)
        stepsPerEpoch = TrainingLoop.stepsPerEpoch(rowCount: noisyRowCount, batchSize: expectedBatchSize)
        steps = training.epochs * stepsPerEpoch * training.updatesPerStep
        maxGradNorm = options.maxGradNorm
        accountant = options.accountant
        let engine = options.accountant.makeAccountant()
        func discrete(_ sigma: Double) throws -> Double { try DiscreteGaussian.variance(forNoiseMultiplier: sigma).sigma }

        var releases = [PlannedRelease(subject: .rowCount, group: .rowCount, cells: 1, noiseMultiplier: try discrete(rowCountNoiseMultiplier))]
        let continuous = schema.columns.filter { $0.kind.numericRange != nil }.map(\.name)
        if let preprocess = options.preprocessEpsilon, !continuous.isEmpty {
            guard preprocess > 0, preprocess.isFinite else { throw SynthesizerError.privacy("--preprocess-epsilon must be positive") }
            // k histograms, each with sensitivity 1, cost what one release with sensitivity √k does.
            let sigma = try discrete(NoisyCounts.noiseMultiplier(epsilon: preprocess, delta: delta) * Double(continuous.count).squareRoot())
            histogramNoiseMultiplier = sigma
            histogramColumns = continuous
            releases += continuous.map { PlannedRelease(subject: .histogram(column: $0), group: .histograms, cells: options.histogramBins, noiseMultiplier: sigma) }
        } else {
            histogramNoiseMultiplier = nil
            histogramColumns = []
        }

        let frequencyEpsilon: Double = switch (options.frequencyEpsilon, options.target) {
        case (let given?, _): given
        case (nil, .epsilon(let total)): total * PrivacyOptions.defaultFrequencyShare
        case (nil, .noiseMultiplier): 0
        }
        guard !frequencyEpsilon.isNaN else { throw SynthesizerError.privacy("--frequency-epsilon is NaN") }
        if !options.marginalPairColumns.isEmpty && (frequencyEpsilon == 0 || marginalColumns.isEmpty) {
            throw SynthesizerError.privacy("--marginal-pairs-with names pairs to release, but this fit releases no marginals (give --frequency-epsilon above 0 with --noise-multiplier, and a marginal weight above 0)")
        }
        self.frequencyBlocks = frequencyBlocks
        let columns = marginalColumns.count
        let allPairs = marginalColumns.indices.flatMap { i in ((i + 1)..<columns).map { (i, $0) } }
        // Too many pairs to release them all: still the two columns of each inequality constraint,
        // whose ordering a one-way marginal of each cannot teach (and pulls apart).
        let constrainedPairs = allPairs.filter { i, j in
            let names = Set([marginalColumns[i].name, marginalColumns[j].name])
            return schema.constraints.contains { constraint in
                if case .inequality(let low, let high) = constraint { return names == [low, high] }
                return false
            }
        }
        let picked = switch options.marginalPairs {
        case .none: [(Int, Int)]()
        case .all: allPairs
        case .automatic: allPairs.count <= PrivacyOptions.automaticPairLimit ? allPairs : constrainedPairs
        }
        // A multilabel column's marginals are its labels' ("tags[a]"), a nullable one's include "[missing]".
        let focus = try Set(options.marginalPairColumns.flatMap { name in
            let entries = marginalColumns.indices.filter { marginalColumns[$0].name == name || marginalColumns[$0].name.hasPrefix(name + "[") }
            guard !entries.isEmpty else {
                throw SynthesizerError.privacy(schema.columns.contains { $0.name == name }
                    ? "--marginal-pairs-with: the column \(name) has no one-way marginal in this fit's release (docs/PRIVACY.md lists which columns do), so it has no pairs to release"
                    : "--marginal-pairs-with: the schema has no column \(name)")
            }
            return entries
        })
        let pickedCodes = Set(picked.map { $0.0 * columns + $0.1 })
        let pairIndices = allPairs.filter { i, j in focus.contains(i) || focus.contains(j) || pickedCodes.contains(i * columns + j) }
        let pairCount = pairIndices.count
        let marginals = columns + pairCount + manyValuedColumns.count
        var marginalPurpose = "marginals"
        if frequencyEpsilon > 0 && marginals > 0 {
            // One row adds 1 to one cell of every count vector: k vectors cost what one release with
            // sensitivity √k does (the many-valued columns' category counts are k's last vectors).
            let sigma = try discrete(NoisyCounts.noiseMultiplier(epsilon: frequencyEpsilon, delta: delta) * Double(marginals).squareRoot())
            frequencyNoiseMultiplier = sigma
            categoryCountColumns = manyValuedColumns.map(\.name)
            singleOutThreshold = options.singleOutNoiseMultiples * sigma
            // Released first: they decide the rare buckets, so the encoding the marginals count.
            releases += manyValuedColumns.map { PlannedRelease(subject: .categoryCounts(column: $0.name), group: .categoryCounts, cells: $0.cells, noiseMultiplier: sigma) }
            self.marginalHistogramColumns = marginalHistogramColumns
            marginalPairCount = pairCount
            marginalPurpose = marginalHistogramColumns.isEmpty && pairCount == 0 ? "category frequencies"
                : pairCount == 0 ? "one-way marginals (category counts, continuous histograms)"
                : "one-way and two-way marginals"
            releases += marginalColumns.map { PlannedRelease(subject: .marginal(column: $0.name), group: .marginals, cells: $0.cells, noiseMultiplier: sigma) }
            for (i, j) in pairIndices {
                releases.append(PlannedRelease(subject: .pair(marginalColumns[i].name, marginalColumns[j].name), group: .marginals,
                                               cells: marginalColumns[i].pairCells * marginalColumns[j].pairCells, noiseMultiplier: sigma))
            }
        } else {
            frequencyNoiseMultiplier = nil
            self.marginalHistogramColumns = []
            marginalPairCount = 0
            categoryCountColumns = []
            singleOutThreshold = .infinity
        }
        self.releases = releases
        self.marginalPurpose = marginalPurpose
        let charged = try PlannedRelease.mechanisms(charging: releases, marginalPurpose: marginalPurpose)

        switch options.target {
        case .epsilon(let target):
            guard target > 0, target.isFinite else { throw SynthesizerError.privacy("ε must be positive and finite, got \(target)") }
            noiseMultiplier = try NoiseCalibration.noiseMultiplier(
                targetEpsilon: target, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: engine, alreadyCharged: charged, maxGradNorm: maxGradNorm)
        case .noiseMultiplier(let sigma):
            guard sigma > 0, sigma.isFinite else { throw SynthesizerError.privacy("noise multiplier must be positive and finite, got \(sigma)") }
            noiseMultiplier = sigma
        }
        guard noiseMultiplier > 0, noiseMultiplier.isFinite else { throw SynthesizerError.privacy("calibration returned σ = \(noiseMultiplier)") }
        let training = PrivacyMechanism.poissonGaussian(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps, maxGradNorm: maxGradNorm)
        mechanisms = charged + [training]
        // The total and DP-SGD alone (which the record lists) side by side, one per core: each is a
        // PLD composition of the same size.
        let compositions = [mechanisms, [training]], kind = options.accountant, planDelta = delta
        var results = [Result<Double, any Error>](repeating: .success(0), count: 2)
        results.withUnsafeMutableBufferPointer { results in
            ComputePool.shared.run(slices: 2) { index in
                results[index] = Result { try kind.makeAccountant().epsilon(composing: compositions[index], delta: planDelta) }
            }
        }
        epsilon = try results[0].get()
        knownEpsilons = [mechanisms: epsilon, [training]: try results[1].get()]
        guard !epsilon.isNaN else { throw SynthesizerError.privacy("the accountant returned ε = NaN for this plan") }
        if case .epsilon(let target) = options.target, epsilon > target * (1 + 1e-9) {
            throw SynthesizerError.privacy("internal check failed: the plan's ε = \(epsilon) exceeds the target \(target)")
        }
    }

    /// The mechanisms before DP-SGD (the count releases).
    public var releaseMechanisms: [PrivacyMechanism] { Array(mechanisms.dropLast()) }

    /// Checks that `executed` is exactly this plan's release list and charges exactly what the plan
    /// charged; a fit calls it before training.
    func verify(executed: [PlannedRelease]) throws(SynthesizerError) {
        guard executed == releases else {
            throw .privacy("internal check failed: the fit released \(executed.count) count vectors, the plan listed \(releases.count); training stopped")
        }
        guard (try? PlannedRelease.mechanisms(charging: executed, marginalPurpose: marginalPurpose)) == releaseMechanisms else {
            throw .privacy("internal check failed: the releases made do not match the mechanisms charged; training stopped")
        }
    }

    /// The plan in a few lines, for the terminal before training starts.
    public var summary: String {
        var lines = [String(format: "differential privacy: ε = %.4g, δ = %.3g (%@ accountant), composed over:", epsilon, delta, accountant.rawValue)]
        lines.append(String(format: "  row count: released with discrete Gaussian noise (σ = %.4g): about %d rows", releases[0].noiseMultiplier, noisyRowCount))
        lines.append(String(format: "  DP-SGD: %d steps, Poisson sampling q = %.4g (expected batch %d), σ = %.4g, clip C = %g",
                            steps, samplingRate, expectedBatchSize, noiseMultiplier, maxGradNorm))
        if let sigma = frequencyNoiseMultiplier {
            if tokenBins != nil, frequencyBlocks > 0 {
                lines.append(String(format: "  marginals: %d token marginals and %d two-way tables, integer counts with discrete Gaussian noise σ = %.4g",
                                    frequencyBlocks, marginalPairCount, sigma))
            } else if frequencyBlocks + marginalHistogramColumns.count + marginalPairCount > 0 {
                lines.append(String(format: "  marginals: %d category count vectors, %d continuous histograms and %d two-way tables, integer counts with discrete Gaussian noise σ = %.4g",
                                    frequencyBlocks, marginalHistogramColumns.count, marginalPairCount, sigma))
            }
            if !categoryCountColumns.isEmpty {
                lines.append(String(format: "  many-valued columns (%@): every category count released with the same noise; a category is singled out of the rare bucket only when its noisy count is at least %.4g",
                                    categoryCountColumns.joined(separator: ", "), singleOutThreshold))
            }
        } else if frequencyBlocks > 0 {
            lines.append("  category frequencies: uniform (not read from the data)")
        }
        if let tokenBins, let sigma = histogramNoiseMultiplier {
            lines.append(String(format: "  continuous histograms: %d columns, discrete Gaussian σ = %.4g; up to %d token bins of about equal mass cut from each",
                                histogramColumns.count, sigma, tokenBins))
        } else if let tokenBins {
            lines.append("  continuous columns: \(tokenBins) equal-width token bins between the schema bounds")
        } else if let sigma = histogramNoiseMultiplier {
            lines.append(String(format: "  continuous histograms: %d columns, discrete Gaussian σ = %.4g", histogramColumns.count, sigma))
        } else {
            lines.append("  continuous columns: schema bounds only (min-max encoding)")
        }
        return lines.joined(separator: "\n")
    }
}
