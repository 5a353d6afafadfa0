/// Times the stages of a fit before its first step and reports each as a ``FitPhase`` when it
/// ends, so a long wait before training is explained stage by stage.
struct FitPhaseClock {
    private let report: (@Sendable (FitPhase) -> Void)?
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant

    init(reportingTo report: (@Sendable (FitPhase) -> Void)?) {
        self.report = report
        started = clock.now
    }

    /// Ends the current stage under `name` and starts the next.
    mutating func finished(_ name: @autoclosure () -> String) {
        let now = clock.now
        let elapsed = now - started
        report?(FitPhase(name: name(), seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        started = now
    }
}
