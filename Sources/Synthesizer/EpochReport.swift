/// What training reports after each epoch (for progress bars and `--log-json`).
public struct EpochReport: Sendable, Codable, Equatable {
    /// 1-based number of the epoch just finished.
    public var epoch: Int
    /// The planned number of epochs.
    public var epochs: Int
    /// Mean generator loss over the epoch's steps.
    public var generatorLoss: Double
    /// Mean discriminator loss over the epoch's steps. Under DP only its part on generated rows: the
    /// part on real rows is an un-noised function of private data and is not reported.
    public var discriminatorLoss: Double
    /// Training rows processed per second during this epoch (real rows seen by the discriminator).
    public var rowsPerSecond: Double
    /// Seconds since training started.
    public var elapsedSeconds: Double
    /// Under differential privacy: an upper bound on the ε spent so far — the smaller of the Rényi-DP
    /// bound for the steps done and the plan's ε for all steps — else `nil`. The model records the
    /// exact figure of its accountant for the steps actually made.
    public var epsilonSpent: Double?

    public init(epoch: Int, epochs: Int, generatorLoss: Double, discriminatorLoss: Double,
                rowsPerSecond: Double, elapsedSeconds: Double, epsilonSpent: Double? = nil) {
        self.epoch = epoch
        self.epochs = epochs
        self.generatorLoss = generatorLoss
        self.discriminatorLoss = discriminatorLoss
        self.rowsPerSecond = rowsPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.epsilonSpent = epsilonSpent
    }

    /// Estimated seconds until the planned epochs are done, from the mean pace so far.
    public var estimatedSecondsRemaining: Double {
        guard epoch > 0 else { return .infinity }
        return elapsedSeconds / Double(epoch) * Double(epochs - epoch)
    }

    private enum CodingKeys: String, CodingKey {
        case epoch, epochs
        case generatorLoss = "generator_loss"
        case discriminatorLoss = "discriminator_loss"
        case rowsPerSecond = "rows_per_second"
        case elapsedSeconds = "elapsed_seconds"
        case epsilonSpent = "epsilon_spent"
    }
}
