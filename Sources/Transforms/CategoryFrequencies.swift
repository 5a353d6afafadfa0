/// Where the conditional sampler's category frequencies come from. The choice is explicit because
/// it decides whether conditioning is differentially private.
public enum CategoryFrequencies: Sendable {
    /// Exact counts read from the encoded real rows. **Not differentially private**: the generator's
    /// conditions would reveal the private counts.
    case exact(EncodedBatch)
    /// Every category of a block equally likely. Uses no data: safe under DP at no cost.
    case uniform
    /// Counts released by the privacy layer (noised and charged to the budget), one array per
    /// conditionable block in ``ConditionalSampler/blocks`` order, one count per entry. Negative
    /// counts are clipped to 0 and the resulting log-frequency law is mixed with 5% of the uniform
    /// law, so categories whose noisy count fell to zero can still be conditioned on.
    case noisyCounts([[Double]])

    /// The mode without its payload, for records and checks.
    public var mode: Mode {
        switch self {
        case .exact: .exact
        case .uniform: .uniform
        case .noisyCounts: .noisyCounts
        }
    }

    /// The kind of a ``CategoryFrequencies`` value.
    public enum Mode: String, Sendable, Equatable, Codable {
        case exact, uniform, noisyCounts = "noisy_counts"

        /// Whether the frequencies are safe to use under differential privacy (uniform, or noisy
        /// counts that the caller charged).
        public var isPrivacySafe: Bool { self != .exact }
    }

    /// The share of the uniform law mixed into noisy log-frequencies.
    public static let noisySmoothing = 0.05
}
