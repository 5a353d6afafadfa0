import Foundation

/// The epoch/step bookkeeping shared by plain and private training: timing, mean losses, progress
/// reports, stop requests and checkpoints. The step itself is the caller's closure.
struct TrainingLoop {
    let epochs: Int
    let stepsPerEpoch: Int
    /// Real rows the discriminator sees per step (for the rows/s figure).
    let rowsPerStep: Int
    let options: Synthesizer.FitOptions
    /// An upper bound on the privacy spent after `steps` discriminator steps (DP fits only), cheap
    /// enough to evaluate after every epoch.
    var epsilonAfterSteps: ((Int) -> Double)?

    private(set) var epochsCompleted = 0
    private(set) var discriminatorSteps = 0
    private(set) var elapsedSeconds = 0.0

    /// Steps in one epoch of `rowCount` rows at `batchSize` rows per step: ⌊n / batch⌋, at least 1.
    /// Plain and DP fits share it, so the same epochs make the same number of steps.
    static func stepsPerEpoch(rowCount: Int, batchSize: Int) -> Int { max(1, rowCount / batchSize) }

    init(epochs: Int, stepsPerEpoch: Int, rowsPerStep: Int, options: Synthesizer.FitOptions) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.rowsPerStep = rowsPerStep
        self.options = options
    }

    /// Runs the epochs. `step` performs one generator update and its discriminator updates and
    /// returns (generator loss, discriminator loss, discriminator updates made). Stops early, at an
    /// epoch boundary, when the control asks; `snapshot` builds the model for checkpoints (nil: a
    /// model kind without checkpoints).
    mutating func run(snapshot: (() throws -> SynthesizerModel)?,
                      step: () throws -> (generator: Float, discriminator: Float, discriminatorUpdates: Int)) throws {
        let start = Date()
        var epsilonSpent: Double?
        for epoch in 1...epochs {
            if options.control?.isStopRequested == true { break }
            let epochStart = Date()
            var generatorLoss = 0.0, discriminatorLoss = 0.0
            for _ in 0..<stepsPerEpoch {
                let losses = try step()
                generatorLoss += Double(losses.generator)
                discriminatorLoss += Double(losses.discriminator)
                discriminatorSteps += losses.discriminatorUpdates
            }
            epochsCompleted = epoch
            elapsedSeconds = Date().timeIntervalSince(start)
            let epochSeconds = max(Date().timeIntervalSince(epochStart), 1e-9)
            if let epsilonAfterSteps, options.progress != nil {
                epsilonSpent = epsilonAfterSteps(discriminatorSteps)
            }
            options.progress?(EpochReport(
                epoch: epoch, epochs: epochs,
                generatorLoss: generatorLoss / Double(stepsPerEpoch),
                discriminatorLoss: discriminatorLoss / Double(stepsPerEpoch),
                rowsPerSecond: Double(stepsPerEpoch * rowsPerStep) / epochSeconds,
                elapsedSeconds: elapsedSeconds,
                epsilonSpent: epsilonSpent))
            if options.checkpointEvery > 0, epoch % options.checkpointEvery == 0, epoch < epochs, let checkpoint = options.checkpoint, let snapshot {
                try checkpoint(try snapshot())
            }
        }
        elapsedSeconds = Date().timeIntervalSince(start)
    }
}
