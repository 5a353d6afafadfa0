import ProfileGANPrivacy

/// How a fit is made differentially private (see docs/PRIVACY.md).
///
/// Only the discriminator reads private rows, through DP-SGD: each step takes a Poisson sample of
/// the rows, clips each row's gradient to ``maxGradNorm``, adds Gaussian noise and divides by the
/// expected batch size. The generator learns only through the discriminator (post-processing).
/// Everything else that would read private rows is either taken from the schema (bounds,
/// categories) or released with noise and charged: the category frequencies the generator is
/// conditioned on, and, for mode-specific normalization, one histogram per continuous column.
public struct PrivacyOptions: Sendable, Equatable {
    /// What fixes the DP-SGD noise.
    public enum Target: Sendable, Equatable {
        /// A total ε for the whole fit (preprocessing included): the noise multiplier is calibrated
        /// to the smallest one that stays within it.
        case epsilon(Double)
        /// A given DP-SGD noise multiplier σ; ε is whatever the accountant then certifies.
        case noiseMultiplier(Double)
    }

    /// What fixes the noise.
    public var target: Target
    /// δ of the guarantee; `nil` = 1/(10·n). Must be below 1/n.
    public var delta: Double?
    /// Per-row gradient clipping norm C.
    public var maxGradNorm = 1.0
    /// The accountant that certifies ε (PLD is tighter; RDP is the classic bound).
    public var accountant = AccountantKind.default
    /// ε spent on noisy one-way marginals: the category counts of every categorical and boolean
    /// column and multilabel label (they condition the generator during training and generation),
    /// and, under min-max encoding, a histogram of every non-nullable continuous column. The
    /// generator is also trained to match all of them (post-processing of the release).
    /// `nil`: ``defaultFrequencyShare`` of an ε target, or none (uniform frequencies, no spend)
    /// with a σ target. 0 = none (free, but generated marginals drift). How strongly the generator
    /// is pulled towards them is ``SynthesizerConfiguration/marginalWeight``.
    public var frequencyEpsilon: Double?
    /// Bins of each continuous column's marginal histogram (over the schema's bounds).
    public var marginalBins = 32
    /// Which two-way marginals are released with the one-way ones (same noise per count vector;
    /// every pair adds one count vector to the release, so more pairs mean more noise on each).
    public var marginalPairs = MarginalPairs.automatic
    /// Columns whose two-way marginal with every other marginal column is released as well as the
    /// pairs ``marginalPairs`` picks: name the column a downstream model will predict, and the
    /// synthetic rows are pulled towards its released dependence on each other column. A choice
    /// made from the schema, not the rows (it spends nothing by itself), but every pair adds a
    /// count vector to the same release, so each count gets more noise.
    public var marginalPairColumns: [String] = []
    /// A category of a many-valued column (more than ``ProfileGANTransforms/TransformerOptions/maxOneHotCategories``
    /// categories) gets its own one-hot entry only when its released noisy count is at least this
    /// many times the release's σ; the others stay in the rare bucket, drawn by their noisy counts.
    /// At 3, a category nobody has is singled out with probability about 0.13%.
    public var singleOutNoiseMultiples = 3.0
    /// Bins of a continuous column in a two-way marginal.
    public var marginalPairBins = 8
    /// ε spent on one noisy histogram per continuous column, from which the mode-specific
    /// normalization is fitted. `nil` = no such release: continuous columns use the schema's bounds
    /// (min-max encoding).
    public var preprocessEpsilon: Double?
    /// Bins of each continuous column's DP histogram (over the schema's bounds).
    public var histogramBins = 64

    /// σ of the discrete Gaussian noise on the released row count ñ, from which the sampling rate,
    /// the default δ and the steps are set (so that nothing published reveals the exact n). Its cost
    /// is part of the composed ε; σ = 25 moves q by about 1% on a table of 3,000 rows.
    public var rowCountNoiseMultiplier = 25.0

    /// Draw DP noise and Poisson samples from a stream derived from the fit's seed instead of the
    /// OS's secure source, so that a DP fit is bit-reproducible (tests only). Such a fit is **not
    /// differentially private** — anyone with the model and the other rows can replay the noise and
    /// remove it — and its model, ledger entry and audit say so instead of showing an ε.
    public var insecureReplayableNoise = false

    public init(target: Target) { self.target = target }

    /// Which two-way marginals a DP fit releases.
    public enum MarginalPairs: String, Sendable, Equatable, CaseIterable {
        /// None: one-way marginals only.
        case none
        /// Every pair of marginal columns.
        case all
        /// Every pair when there are at most ``automaticPairLimit`` of them, else only the two
        /// columns of each `inequality` constraint: past the limit, the noise that √(count vectors)
        /// brings to every count costs more than the pairs teach (bfi at ε = 3: 0.930 without its 378
        /// pairs, 0.89 with them; docs/PRIVACY.md), but an ordering needs its pair table.
        case automatic = "auto"
    }

    /// The most pairs ``MarginalPairs/automatic`` releases.
    public static let automaticPairLimit = 15

    /// The share of an ε target that goes to category frequencies when not set.
    public static let defaultFrequencyShare = 0.6
}
