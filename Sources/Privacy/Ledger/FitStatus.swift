/// Where a fit is in its life. A `reserved` fit counts as spent: a process that crashed mid-fit
/// may already have released noisy gradients, so its whole planned spend is charged.
public enum FitStatus: String, Codable, Sendable {
    /// Recorded before training started; counts as fully spent until finalized.
    case reserved
    /// Training finished; its mechanisms are what was spent.
    case completed
    /// Stopped; only the mechanisms it actually executed (possibly none) count.
    case aborted
}
