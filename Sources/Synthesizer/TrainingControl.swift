import Synchronization

/// Lets another thread (a signal handler, a UI) ask a running fit to stop.
///
/// Training checks the flag between steps and finishes the epoch boundary cleanly: the model it
/// returns holds the last *finished* epoch, never a half-updated one.
public final class TrainingControl: Sendable {
    private let stop = Atomic<Bool>(false)

    public init() {}

    /// Asks training to stop at the next step boundary.
    public func requestStop() { stop.store(true, ordering: .relaxed) }

    /// Whether a stop was requested.
    public var isStopRequested: Bool { stop.load(ordering: .relaxed) }
}
