import Foundation
import ProfileGANNeural
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// Fits the second model kind beside the GAN: every learned column becomes one or more categorical
/// tokens (``TableTokenizer``), and a MADE network (``MaskedAutoregressiveNetwork``) learns
/// p(t₁) p(t₂ | t₁) … p(t_K | t₁…t_{K−1}) by maximum likelihood — the sum of per-column softmax
/// cross-entropies — with Adam. Generation samples the tokens one column after another.
///
/// Not differentially private: the tokenizer's bins and vocabularies are read from the data and
/// training uses no clipping or noise (``fit(_:configuration:options:)`` refuses nothing, so
/// callers that offer `--epsilon` must refuse it for this model kind).
public enum AutoregressiveSynthesizer {
    /// Trains on `table`. `options.progress` gets one ``EpochReport`` per epoch (the mean negative
    /// log-likelihood per row as `generatorLoss`), `options.control` stops at an epoch boundary.
    public static func fit(_ table: Table, configuration: AutoregressiveConfiguration = AutoregressiveConfiguration(),
                           options: Synthesizer.FitOptions = Synthesizer.FitOptions()) throws -> AutoregressiveModel {
        try configuration.validate()
        guard table.rowCount > 0 else { throw SynthesizerError.unusableData("the training table has no rows") }
        guard !table.schema.learnedColumns.isEmpty else { throw SynthesizerError.unusableData("the schema has no columns to learn (only id columns)") }
        var configuration = configuration
        let seed = configuration.seed ?? SecureGenerator.freshSeed()
        configuration.seed = seed
        var phases = FitPhaseClock(reportingTo: options.phase)
        let tokenizer = try TableTokenizer(fitting: table, maxBins: configuration.maxBins)
        let tokens = try tokenizer.encode(table)
        phases.finished("\(table.rowCount) rows tokenized (\(tokenizer.tokenColumns.count) token columns)")
        var rng = SeededGenerator(seed: seed)
        var initRNG = rng.split(stream: 20)
        var shuffleRNG = rng.split(stream: 21)
        let network = MaskedAutoregressiveNetwork(blockSizes: tokenizer.vocabularySizes, hiddenSizes: configuration.hiddenSizes,
                                                  generator: &initRNG)
        let trainer = AutoregressiveTrainer(network: network, configuration: configuration)
        let rows = table.rowCount, k = tokenizer.tokenColumns.count
        var order = Array(0..<rows)
        let start = Date()
        var epochsCompleted = 0
        for epoch in 1...configuration.epochs {
            if options.control?.isStopRequested == true { break }
            let epochStart = Date()
            order.shuffle(using: &shuffleRNG)
            var total = 0.0
            var batchStart = 0
            while batchStart < rows {
                let batch = order[batchStart..<min(rows, batchStart + configuration.batchSize)]
                total += Double(trainer.step(tokens: tokens, columns: k, rows: batch)) * Double(batch.count)
                batchStart += configuration.batchSize
            }
            epochsCompleted = epoch
            let elapsed = Date().timeIntervalSince(start)
            options.progress?(EpochReport(epoch: epoch, epochs: configuration.epochs, generatorLoss: total / Double(rows),
                                          discriminatorLoss: 0, rowsPerSecond: Double(rows) / max(Date().timeIntervalSince(epochStart), 1e-9),
                                          elapsedSeconds: elapsed))
        }
        let summary = TrainingSummary(
            rows: rows, epochsCompleted: epochsCompleted, discriminatorSteps: 0, seed: seed,
            seconds: Date().timeIntervalSince(start), stoppedEarly: epochsCompleted < configuration.epochs,
            trainingDataSHA256: options.trainingDataSHA256, libraryVersion: ProfileGANVersion.string)
        return try AutoregressiveModel(tokenizer: tokenizer, configuration: configuration, summary: summary, network: network)
    }
}
