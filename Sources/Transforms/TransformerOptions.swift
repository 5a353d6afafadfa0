/// How a continuous column is turned into generator outputs.
public enum ContinuousEncoding: String, Sendable, Equatable, Codable, CaseIterable {
    /// Mode-specific normalization: the one-hot of a Gaussian-mixture mode plus the value's offset
    /// from that mode's mean in units of 4σ (CTGAN's encoding; learns multimodal columns well).
    case vgm
    /// One scalar scaled linearly from the schema's `[min, max]` to [−1, 1]. Uses only public
    /// information, so it is free under differential privacy; requires bounds in the schema.
    case minmax
}

/// Which mixture mode a value is encoded with (``ContinuousEncoding/vgm`` only).
public enum ModeAssignment: String, Sendable, Equatable, Codable, CaseIterable {
    /// Drawn from the posterior responsibilities p(mode | value), as CTGAN does. Each mode's scalar
    /// then follows roughly that mode's whole Gaussian, a smooth target for a tanh output; the
    /// default (see README.md for the measurement).
    case sampled
    /// The most responsible mode. Deterministic, but each mode's scalars are cut off where the
    /// neighbouring mode takes over, a truncated shape that is harder for a generator to match.
    case argmax
}

/// Settings of ``DataTransformer``.
public struct TransformerOptions: Sendable, Equatable, Codable {
    /// The encoding of continuous columns.
    public var continuous: ContinuousEncoding = .vgm
    /// The Gaussian-mixture fit (``ContinuousEncoding/vgm``).
    public var mixture = MixtureOptions()
    /// How a value's mode is chosen when encoding (``ContinuousEncoding/vgm``).
    public var modeAssignment: ModeAssignment = .sampled
    /// Whether fitting from a table records each non-integer continuous column's decimal places
    /// (up to 6) so that decoding rounds to them, making round trips exact. A (tiny) fact about the
    /// private data, so the public (DP) constructor never learns it.
    public var learnDecimals = true
    /// A categorical column fitted from a table with more categories than this keeps one-hot
    /// entries for its `maxOneHotCategories − 1` most frequent categories and one shared `(rare)`
    /// entry for the rest (``DiscreteTransform``), so memory and time do not grow with the number
    /// of categories. `nil` (also what model files from before this option read as): no limit.
    /// The public (DP) constructor does not apply it yet.
    public var maxOneHotCategories: Int? = 100

    public init() {}

    public init(continuous: ContinuousEncoding = .vgm, mixture: MixtureOptions = MixtureOptions(),
                modeAssignment: ModeAssignment = .sampled, learnDecimals: Bool = true) {
        self.continuous = continuous
        self.mixture = mixture
        self.modeAssignment = modeAssignment
        self.learnDecimals = learnDecimals
    }
}
