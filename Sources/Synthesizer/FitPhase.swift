/// One stage of a fit before its first training step — fitting the transformer, encoding the
/// rows, building the conditional sampler — and how long it took. Reported through
/// ``Synthesizer/FitOptions/phase`` so a long preprocessing is visible, not a silent wait.
public struct FitPhase: Sendable, Equatable {
    /// What was done, in words ("transformer fitted", "rows encoded", …).
    public let name: String
    /// Wall time of the stage.
    public let seconds: Double

    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }
}
