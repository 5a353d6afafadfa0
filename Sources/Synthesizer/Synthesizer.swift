import Foundation
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// Fits tabular GANs (CTGAN's design: mode-specific normalization, conditional vector,
/// training-by-sampling), with or without differential privacy.
///
/// ```swift
/// let schema = try DatasetSchema.load(from: URL(fileURLWithPath: "schemas/profiles.json"))
/// let table = try Table.load(csvAt: "samples/profiles.csv", schema: schema)
/// var configuration = SynthesizerConfiguration()
/// configuration.epochs = 50
/// let model = try Synthesizer.fit(table, configuration: configuration)
/// try model.save(to: "profiles.pgan")
/// ```
public enum Synthesizer {
    /// Observers and controls of a fit that are not part of its configuration.
    public struct FitOptions: Sendable {
        /// SHA-256 of the training file, recorded in the model (and the privacy ledger).
        public var trainingDataSHA256: String?
        /// Lets another thread stop training at the next epoch boundary.
        public var control: TrainingControl?
        /// Called after each epoch (on the training thread).
        public var progress: (@Sendable (EpochReport) -> Void)?
        /// Called every this many finished epochs with the model so far (checkpoints); 0 = never.
        public var checkpointEvery = 0
        /// Receives checkpoints (see ``checkpointEvery``).
        public var checkpoint: (@Sendable (SynthesizerModel) throws -> Void)?
        /// The privacy budget ledger a DP fit through ``Synthesizer/fit(_:configuration:privacy:options:)``
        /// is charged to (required under DP; ``PrivateFit`` takes it directly).
        public var ledger: BudgetLedger?
        /// The dataset's id in the ledger (nil: the HMAC of the table's canonical content).
        public var datasetID: String?
        /// The most memory the fit may need (see ``MemoryEstimate``); a larger estimate is refused
        /// before anything large is allocated. Nil: ``MemoryEstimate/defaultBudget``.
        public var maxMemory: UInt64?
        /// Called as each stage before the first training step ends (on the training thread).
        public var phase: (@Sendable (FitPhase) -> Void)?

        public init(trainingDataSHA256: String? = nil, control: TrainingControl? = nil,
                    progress: (@Sendable (EpochReport) -> Void)? = nil) {
            self.trainingDataSHA256 = trainingDataSHA256
            self.control = control
            self.progress = progress
        }
    }

    /// Trains a GAN on `table` and returns the fitted model.
    ///
    /// Without `privacy`, the transformer and the conditional sampler read the data directly
    /// (exact mixtures and category frequencies), as CTGAN does; the model then offers no formal
    /// privacy guarantee. With `privacy`, see ``PrivateTrainingPlan`` and docs/PRIVACY.md.
    /// Stopping through `options.control` returns the model of the last finished epoch.
    public static func fit(
        _ table: Table, configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
        privacy: PrivacyOptions? = nil, options: FitOptions = FitOptions()
    ) throws -> SynthesizerModel {
        try configuration.validate()
        guard table.rowCount > 0 else { throw SynthesizerError.unusableData("the training table has no rows") }
        guard !table.schema.learnedColumns.isEmpty else { throw SynthesizerError.unusableData("the schema has no columns to learn (only id columns)") }
        try MemoryEstimate.forFit(table, configuration: configuration, isPrivate: privacy != nil)
            .check(budget: options.maxMemory ?? MemoryEstimate.defaultBudget)
        var configuration = configuration
        let seed = configuration.seed ?? SecureGenerator.freshSeed()
        configuration.seed = seed

        if let privacy {
            // Every DP fit is charged to a ledger: the same enforcement as `profilegan fit`.
            guard let ledger = options.ledger else {
                throw SynthesizerError.privacy("a DP fit is charged to a privacy budget ledger: set FitOptions.ledger (or use PrivateFit)")
            }
            let fit = try PrivateFit(table: table, configuration: configuration, privacy: privacy, ledger: ledger,
                                     datasetID: options.datasetID)
            let model = try fit.train(options: options)
            try fit.complete(model: model, modelHash: nil)
            return model
        }
        // Record the settings in effect, not "automatic".
        configuration.loss = configuration.effectiveLoss
        configuration.continuousEncoding = configuration.effectiveContinuousEncoding
        let (trainer, encoded) = try plainTraining(table, configuration: configuration, seed: seed, phase: options.phase)

        let stepsPerEpoch = TrainingLoop.stepsPerEpoch(rowCount: table.rowCount, batchSize: configuration.batchSize)
        var loop = TrainingLoop(epochs: configuration.effectiveEpochs, stepsPerEpoch: stepsPerEpoch,
                                rowsPerStep: configuration.batchSize, options: options)
        func snapshot() throws -> SynthesizerModel {
            try makeModel(trainer: trainer, configuration: configuration, loop: loop, rows: table.rowCount, seed: seed,
                          privacy: nil, options: options)
        }
        try loop.run(snapshot: snapshot) { plainStep(trainer, encoded: encoded) }
        return try snapshot()
    }

    /// The transformer, encoded rows, sampler and trainer of a plain fit of `table` (everything
    /// before the first step). `package`: the training-step benchmark builds its trainer here too.
    package static func plainTraining(_ table: Table, configuration: SynthesizerConfiguration, seed: UInt64,
                                      phase: (@Sendable (FitPhase) -> Void)? = nil) throws -> (trainer: GANTrainer, encoded: EncodedBatch) {
        var phases = FitPhaseClock(reportingTo: phase)
        var rng = SeededGenerator(seed: seed)
        var transformRNG = rng.split(stream: 10)
        let options = configuration.transformerOptions(continuous: configuration.effectiveContinuousEncoding)
        let transformer = try DataTransformer(fitting: table, options: options, rng: &transformRNG)
        phases.finished(configuration.effectiveContinuousEncoding == .vgm
            ? "transformer fitted (mixtures on at most \(options.mixture.maxFitSamples) rows of each continuous column)"
            : "transformer fitted")
        let encoded = try transformer.encode(table, rng: &transformRNG)
        phases.finished("\(encoded.rows) rows encoded (\(encoded.width) values each)")
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: .exact(encoded), realRows: encoded)
        let trainer = GANTrainer(configuration: configuration, transformer: transformer, sampler: sampler,
                                 pac: configuration.pac, rng: rng.split(stream: 11))
        if configuration.effectiveMarginalWeight > 0 {
            trainer.marginalTargets = MarginalTargets(exactMarginalsOf: encoded, transformer: transformer,
                                                      weight: configuration.effectiveMarginalWeight)
        }
        phases.finished("sampler, marginal targets and networks built")
        return (trainer, encoded)
    }

    /// One step of a plain fit: the configured discriminator updates, then one generator update.
    /// Returns (generator loss, last discriminator loss, discriminator updates made).
    package static func plainStep(_ trainer: GANTrainer, encoded: EncodedBatch) -> (generator: Float, discriminator: Float, discriminatorUpdates: Int) {
        let configuration = trainer.configuration
        var discriminatorLoss: Float = 0
        for _ in 0..<configuration.discriminatorSteps {
            discriminatorLoss = trainer.discriminatorStep(batch: configuration.batchSize, encoded: encoded)
        }
        let generatorLoss = trainer.generatorStep(batch: configuration.batchSize)
        return (generatorLoss, discriminatorLoss, configuration.discriminatorSteps)
    }

    static func makeModel(trainer: GANTrainer, configuration: SynthesizerConfiguration, loop: TrainingLoop,
                          rows: Int, seed: UInt64, privacy: PrivacyRecord?,
                          options: FitOptions) throws -> SynthesizerModel {
        // A copy of the generator, so that training can go on after a checkpoint.
        var rng = SeededGenerator(seed: 0)
        let generator = Generator(inputSize: trainer.generator.inputSize, hiddenSizes: configuration.generatorDimensions,
                                  dataWidth: trainer.generator.dataWidth, generator: &rng)
        try generator.importTensors(trainer.generator.exportTensors())
        let summary = TrainingSummary(
            rows: rows, epochsCompleted: loop.epochsCompleted, discriminatorSteps: loop.discriminatorSteps,
            seed: seed, seconds: loop.elapsedSeconds, stoppedEarly: loop.epochsCompleted < configuration.effectiveEpochs,
            // Not under DP: someone who knows every other row could test guesses of the last one
            // against a hash of the whole file, which no noise protects.
            trainingDataSHA256: privacy == nil ? options.trainingDataSHA256 : nil,
            libraryVersion: ProfileGANVersion.string)
        return try SynthesizerModel(transformer: trainer.transformer, configuration: configuration, summary: summary,
                                    sampler: trainer.sampler, privacy: privacy, generator: generator)
    }
}
