import ProfileGANTransforms

/// Every setting of a fit. Defaults are CTGAN's (Xu et al. 2019) unless docs/PERFORMANCE.md
/// records a measured reason to differ.
public struct SynthesizerConfiguration: Sendable, Equatable, Codable {
    /// Passes over the training data (a DP fit plans its steps from this up front). `nil` = 300
    /// (CTGAN's default), or ``defaultPrivateEpochs`` under DP, where every step costs noise.
    public var epochs: Int?
    /// Rows per discriminator step (the expected Poisson sample size under DP). Must be a multiple of `pac`.
    public var batchSize = 500
    /// Dimension of the generator's noise input.
    public var noiseDimension = 128
    /// Widths of the generator's residual blocks.
    public var generatorDimensions = [256, 256]
    /// Widths of the discriminator's hidden layers.
    public var discriminatorDimensions = [256, 256]
    /// Rows packed into one discriminator example (PacGAN). Forced to 1 under DP, where one example
    /// must be one person's row for per-example clipping to bound one person's influence.
    public var pac = 10
    /// Discriminator dropout rate.
    public var dropout: Float = 0.5
    /// Adam learning rates.
    public var generatorLearningRate: Float = 2e-4
    public var discriminatorLearningRate: Float = 2e-4
    /// Adam's β₁ and β₂.
    public var beta1: Float = 0.5
    public var beta2: Float = 0.9
    /// L2 weight decay added to the gradients (torch Adam's `weight_decay`, as CTGAN uses it).
    public var generatorWeightDecay: Float = 1e-6
    public var discriminatorWeightDecay: Float = 1e-6
    /// Discriminator updates per generator update.
    public var discriminatorSteps = 1
    /// The adversarial objective; `nil` picks `wgan-gp` (CTGAN) without privacy and `bce` under DP.
    public var loss: GANLoss?
    /// Gradient-penalty weight λ for `wgan-gp`.
    public var gradientPenaltyWeight: Float = 10
    /// Weight of the generator's pull towards the data's marginals: the generator also minimizes
    /// this × Σ KL(data marginal ‖ generated batch marginal) (``BatchMarginalLoss``). Without
    /// privacy the marginals are the training table's exact one-way marginals of every one-hot
    /// block (categories, labels, missing indicators, mixture modes) and min-max scalar; under DP
    /// they are the released noisy one-way and two-way marginals (``PrivacyOptions``). 0 turns it
    /// off (CTGAN's objective). `nil` = ``defaultMarginalWeight``.
    public var marginalWeight: Float?
    /// Gumbel-softmax temperature on one-hot blocks.
    public var gumbelTemperature: Float = 0.2
    /// How continuous columns are encoded; `nil` picks `vgm` without privacy, and under DP `minmax`
    /// (schema bounds, free) unless a preprocessing budget pays for DP histograms.
    public var continuousEncoding: ContinuousEncoding?
    /// One-hot entries a categorical column keeps at most: past it, its most frequent categories
    /// keep theirs and the rest share one `(rare)` entry (``ProfileGANTransforms/TransformerOptions/maxOneHotCategories``).
    /// Lower it for very many-valued columns when training time matters: each entry widens the
    /// encoded row and the conditional vector. `nil` = ``defaultMaxOneHotCategories``.
    public var maxOneHotCategories: Int?
    /// The one-hot limit when not set.
    public static let defaultMaxOneHotCategories = 100
    /// The one-hot limit in effect.
    public var effectiveMaxOneHotCategories: Int { maxOneHotCategories ?? Self.defaultMaxOneHotCategories }
    /// Seed for every random decision of the fit (initialization, sampling, dropout, noise).
    /// `nil` draws one from the OS and records it in the model.
    public var seed: UInt64?

    public init() {}

    /// The loss in effect.
    public var effectiveLoss: GANLoss { loss ?? .wganGP }
    /// The marginal weight in effect.
    public var effectiveMarginalWeight: Float { marginalWeight ?? Self.defaultMarginalWeight }
    /// The default marginal weight (measured on the shared tables, docs/PERFORMANCE.md and docs/PRIVACY.md).
    public static let defaultMarginalWeight: Float = 10
    /// The epochs in effect (a DP fit resolves `nil` to ``defaultPrivateEpochs`` first).
    public var effectiveEpochs: Int { epochs ?? 300 }
    /// The epochs of a DP fit when not given: measured on the shared tables at ε = 1 and 3, 10 to 60
    /// epochs score alike and 300 clearly worse (docs/PRIVACY.md), since more steps at the same ε
    /// mean more noise in each.
    public static let defaultPrivateEpochs = 30
    /// The continuous encoding in effect.
    public var effectiveContinuousEncoding: ContinuousEncoding { continuousEncoding ?? .vgm }

    /// The transformer settings this configuration fits with (`continuous` for the encoding in effect).
    func transformerOptions(continuous: ContinuousEncoding) -> TransformerOptions {
        var options = TransformerOptions(continuous: continuous)
        options.maxOneHotCategories = effectiveMaxOneHotCategories
        return options
    }

    /// Checks the settings, naming the offending option.
    public func validate() throws(SynthesizerError) {
        func require(_ condition: Bool, _ message: String) throws(SynthesizerError) {
            if !condition { throw SynthesizerError.invalidConfiguration(message) }
        }
        try require(effectiveEpochs >= 1, "epochs must be at least 1")
        try require(effectiveMaxOneHotCategories >= 2, "the one-hot limit must be at least 2 (one category and the rare bucket)")
        try require(effectiveMarginalWeight >= 0 && effectiveMarginalWeight.isFinite, "marginal weight must be zero or positive")
        try require(pac >= 1, "pac must be at least 1")
        try require(batchSize >= pac && batchSize % pac == 0, "batch size (\(batchSize)) must be a positive multiple of pac (\(pac))")
        try require(noiseDimension >= 1, "noise dimension must be at least 1")
        try require(!generatorDimensions.isEmpty && generatorDimensions.allSatisfy { $0 > 0 }, "generator dimensions must be positive")
        try require(!discriminatorDimensions.isEmpty && discriminatorDimensions.allSatisfy { $0 > 0 }, "discriminator dimensions must be positive")
        try require((0..<1).contains(dropout), "dropout must be in [0, 1)")
        try require(generatorLearningRate > 0 && discriminatorLearningRate > 0, "learning rates must be positive")
        try require((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam betas must be in [0, 1)")
        try require(discriminatorSteps >= 1, "discriminator steps must be at least 1")
        try require(gumbelTemperature > 0, "Gumbel temperature must be positive")
    }
}
