import ProfileGANPrivacy
import ProfileGANSchema

/// Everything a DP fit will spend, computed before it reads a row: sampling rate, steps, noise
/// multipliers and the composed (ε, δ).
///
/// The plan depends only on public facts — the schema, the settings and the row count — so it
/// can be shown, and reserved in the budget ledger, before training starts; training then
/// cannot spend more than planned because the number of steps is fixed here.
/// The row count n is treated as public (it sets the sampling rate q = batch/n, as in Opacus and
/// TensorFlow Privacy); docs/PRIVACY.md says so.
public struct PrivateTrainingPlan: Sendable, Equatable {
    /// Rows in the private table.
    public let rowCount: Int
    /// δ of the guarantee.
    public let delta: Double
    /// Poisson sampling rate q = expected batch / n.
    public let samplingRate: Double
    /// Expected rows per discriminator step (the batch size).
    public let expectedBatchSize: Int
    /// Discriminator steps (each one Poisson sample and one noisy gradient).
    public let steps: Int
    /// Generator updates per epoch.
    public let stepsPerEpoch: Int
    /// DP-SGD noise multiplier σ (noise standard deviation σ·C on the clipped gradient sum).
    public let noiseMultiplier: Double
    /// Clipping norm C.
    public let maxGradNorm: Double
    /// Noise multiplier of each released one-way marginal (nil: uniform frequencies, no spend).
    public let frequencyNoiseMultiplier: Double?
    /// Conditionable blocks whose counts are released (one count vector each).
    public let frequencyBlocks: Int
    /// Continuous columns whose marginal histogram is released with the category counts (min-max
    /// encoding only; empty when no marginals are released).
    public let marginalHistogramColumns: [String]
    /// Two-way marginals released with the one-way ones (every pair of the marginal columns, or none).
    public let marginalPairCount: Int
    /// Noise multiplier of each continuous column's histogram (nil: no histograms; minmax encoding).
    public let histogramNoiseMultiplier: Double?
    /// The continuous columns whose histograms are released.
    public let histogramColumns: [String]
    /// Every mechanism charged, in the order they run.
    public let mechanisms: [PrivacyMechanism]
    /// The accountant.
    public let accountant: AccountantKind
    /// The composed ε of all mechanisms at ``delta``.
    public let epsilon: Double

    /// Plans a DP fit of `rowCount` rows of `schema` with `configuration` and `options`.
    /// - Parameters:
    ///   - frequencyBlocks: the number of conditionable blocks (categorical and boolean columns,
    ///     multilabel labels) of the transformer.
    ///   - marginalHistogramColumns: the continuous columns whose one-way marginal can be released
    ///     as a histogram (non-nullable, min-max encoded).
    public init(rowCount: Int, schema: DatasetSchema, configuration: SynthesizerConfiguration,
                options: PrivacyOptions, frequencyBlocks: Int, marginalHistogramColumns: [String] = []) throws(SynthesizerError) {
        do {
            try self.init(unchecked: rowCount, schema: schema, configuration: configuration, options: options,
                          frequencyBlocks: frequencyBlocks, marginalHistogramColumns: marginalHistogramColumns)
        } catch let error as SynthesizerError {
            throw error
        } catch {
            throw .privacy("\(error)")
        }
    }

    private init(unchecked rowCount: Int, schema: DatasetSchema, configuration: SynthesizerConfiguration,
                 options: PrivacyOptions, frequencyBlocks: Int, marginalHistogramColumns: [String]) throws {
        guard rowCount >= 2 else { throw SynthesizerError.privacy("a DP fit needs at least 2 rows") }
        guard options.maxGradNorm > 0, options.maxGradNorm.isFinite else { throw SynthesizerError.privacy("max gradient norm must be positive") }
        self.rowCount = rowCount
        delta = try DefaultDelta.resolve(options.delta, rowCount: rowCount)
        expectedBatchSize = min(configuration.batchSize, rowCount)
        samplingRate = Double(expectedBatchSize) / Double(rowCount)
        stepsPerEpoch = TrainingLoop.stepsPerEpoch(rowCount: rowCount, batchSize: expectedBatchSize)
        steps = configuration.effectiveEpochs * stepsPerEpoch * configuration.discriminatorSteps
        maxGradNorm = options.maxGradNorm
        accountant = options.accountant
        let engine = options.accountant.makeAccountant()

        var charged: [PrivacyMechanism] = []
        let continuous = schema.columns.filter { $0.kind.numericRange != nil }.map(\.name)
        if let preprocess = options.preprocessEpsilon, !continuous.isEmpty {
            guard preprocess > 0 else { throw SynthesizerError.privacy("--preprocess-epsilon must be positive") }
            // k histograms, each with sensitivity 1, cost what one release with sensitivity √k does.
            let sigma = try NoisyCounts.noiseMultiplier(epsilon: preprocess, delta: delta) * Double(continuous.count).squareRoot()
            histogramNoiseMultiplier = sigma
            histogramColumns = continuous
            charged.append(.gaussian(noiseMultiplier: sigma, sensitivity: 1, count: continuous.count, purpose: "continuous-column histograms"))
        } else {
            histogramNoiseMultiplier = nil
            histogramColumns = []
        }

        let frequencyEpsilon: Double = switch (options.frequencyEpsilon, options.target) {
        case (let given?, _): given
        case (nil, .epsilon(let total)): total * PrivacyOptions.defaultFrequencyShare
        case (nil, .noiseMultiplier): 0
        }
        self.frequencyBlocks = frequencyBlocks
        let columns = frequencyBlocks + marginalHistogramColumns.count
        let pairs = columns * (columns - 1) / 2
        let pairCount = switch options.marginalPairs {
        case .none: 0
        case .all: pairs
        case .automatic: pairs <= PrivacyOptions.automaticPairLimit ? pairs : 0
        }
        let marginals = columns + pairCount
        if frequencyEpsilon > 0 && marginals > 0 {
            // One row adds 1 to one cell of every count vector: k vectors cost what one release with
            // sensitivity √k does.
            let sigma = try NoisyCounts.noiseMultiplier(epsilon: frequencyEpsilon, delta: delta) * Double(marginals).squareRoot()
            frequencyNoiseMultiplier = sigma
            self.marginalHistogramColumns = marginalHistogramColumns
            marginalPairCount = pairCount
            let purpose = marginalHistogramColumns.isEmpty && pairCount == 0 ? "category frequencies"
                : pairCount == 0 ? "one-way marginals (category counts, continuous histograms)"
                : "one-way and two-way marginals"
            charged.append(.gaussian(noiseMultiplier: sigma, sensitivity: 1, count: marginals, purpose: purpose))
        } else {
            frequencyNoiseMultiplier = nil
            self.marginalHistogramColumns = []
            marginalPairCount = 0
        }

        switch options.target {
        case .epsilon(let target):
            guard target > 0, target.isFinite else { throw SynthesizerError.privacy("ε must be positive") }
            noiseMultiplier = try NoiseCalibration.noiseMultiplier(
                targetEpsilon: target, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: engine, alreadyCharged: charged, maxGradNorm: maxGradNorm)
        case .noiseMultiplier(let sigma):
            guard sigma > 0, sigma.isFinite else { throw SynthesizerError.privacy("noise multiplier must be positive") }
            noiseMultiplier = sigma
        }
        charged.append(.poissonGaussian(samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps, maxGradNorm: maxGradNorm))
        mechanisms = charged
        epsilon = try engine.epsilon(composing: charged, delta: delta)
    }

    /// The plan in a few lines, for the terminal before training starts.
    public var summary: String {
        var lines = [String(format: "differential privacy: ε = %.4g, δ = %.3g (%@ accountant), composed over:", epsilon, delta, accountant.rawValue)]
        lines.append(String(format: "  DP-SGD: %d steps, Poisson sampling q = %.4g (expected batch %d of %d rows), σ = %.4g, clip C = %g",
                            steps, samplingRate, expectedBatchSize, rowCount, noiseMultiplier, maxGradNorm))
        if let sigma = frequencyNoiseMultiplier {
            lines.append(String(format: "  marginals: %d category count vectors, %d continuous histograms and %d two-way tables, σ = %.4g",
                                frequencyBlocks, marginalHistogramColumns.count, marginalPairCount, sigma))
        } else {
            lines.append("  category frequencies: uniform (not read from the data)")
        }
        if let sigma = histogramNoiseMultiplier {
            lines.append(String(format: "  continuous histograms: %d columns, σ = %.4g", histogramColumns.count, sigma))
        } else {
            lines.append("  continuous columns: schema bounds only (min-max encoding)")
        }
        return lines.joined(separator: "\n")
    }
}
