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
    /// Noise multiplier of each noisy category-count vector (nil: uniform frequencies, no spend).
    public let frequencyNoiseMultiplier: Double?
    /// Conditionable blocks whose counts are released (one count vector each).
    public let frequencyBlocks: Int
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
    /// - Parameter frequencyBlocks: the number of conditionable blocks (categorical and boolean
    ///   columns, multilabel labels) of the transformer.
    public init(rowCount: Int, schema: DatasetSchema, configuration: SynthesizerConfiguration,
                options: PrivacyOptions, frequencyBlocks: Int) throws(SynthesizerError) {
        do {
            try self.init(unchecked: rowCount, schema: schema, configuration: configuration, options: options, frequencyBlocks: frequencyBlocks)
        } catch let error as SynthesizerError {
            throw error
        } catch {
            throw .privacy("\(error)")
        }
    }

    private init(unchecked rowCount: Int, schema: DatasetSchema, configuration: SynthesizerConfiguration,
                 options: PrivacyOptions, frequencyBlocks: Int) throws {
        guard rowCount >= 2 else { throw SynthesizerError.privacy("a DP fit needs at least 2 rows") }
        guard options.maxGradNorm > 0, options.maxGradNorm.isFinite else { throw SynthesizerError.privacy("max gradient norm must be positive") }
        self.rowCount = rowCount
        delta = try DefaultDelta.resolve(options.delta, rowCount: rowCount)
        expectedBatchSize = min(configuration.batchSize, rowCount)
        samplingRate = Double(expectedBatchSize) / Double(rowCount)
        stepsPerEpoch = max(1, Int((Double(rowCount) / Double(expectedBatchSize)).rounded()))
        steps = configuration.epochs * stepsPerEpoch * configuration.discriminatorSteps
        maxGradNorm = options.maxGradNorm
        accountant = options.accountant
        let engine = options.accountant.makeAccountant()

        var charged: [PrivacyMechanism] = []
        let continuous = schema.columns.filter { if case .continuous = $0.kind { true } else { false } }.map(\.name)
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
        if frequencyEpsilon > 0 && frequencyBlocks > 0 {
            let sigma = try NoisyCounts.noiseMultiplier(epsilon: frequencyEpsilon, delta: delta) * Double(frequencyBlocks).squareRoot()
            frequencyNoiseMultiplier = sigma
            charged.append(.gaussian(noiseMultiplier: sigma, sensitivity: 1, count: frequencyBlocks, purpose: "category frequencies"))
        } else {
            frequencyNoiseMultiplier = nil
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
            lines.append(String(format: "  category frequencies: %d noisy count vectors, σ = %.4g", frequencyBlocks, sigma))
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
