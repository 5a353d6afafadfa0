/// Settings of the variational Bayesian Gaussian mixture fitted to each continuous column.
///
/// The defaults follow CTGAN's use of a Dirichlet-process mixture: up to 10 modes, a weight
/// concentration of 0.001 (which lets the fit switch unneeded components off), and components
/// lighter than 0.005 dropped after the fit.
public struct MixtureOptions: Sendable, Equatable, Codable {
    /// The most modes a column may have.
    public var maxComponents: Int = 10
    /// α of the stick-breaking (Dirichlet-process) prior on the weights; small α prefers few modes.
    public var weightConcentrationPrior: Double = 0.001
    /// β₀, the prior's precision of a component mean in units of the component's own precision.
    /// scikit-learn's default of 1 pulls a small, far-off mode's mean toward the data mean and
    /// inflates its variance by the squared distance (a 0.3% mode at 100σ came out at 98 with 13×
    /// its width); 0.01 keeps the prior data-scaled but lets such modes stand where they are.
    public var meanPrecisionPrior: Double = 0.01
    /// Components whose fitted weight is below this are dropped (the rest renormalized).
    public var weightThreshold: Double = 0.005
    /// The most variational update rounds. Redundant components fade slowly (typically 200–400
    /// rounds from a k-means start); scikit-learn's default of 100, which CTGAN keeps, often stops
    /// while several pieces of one Gaussian are still alive.
    public var maxIterations: Int = 1_000
    /// The fit stops when no component's expected count moves by more than this fraction of the
    /// total weight in one round.
    public var tolerance: Double = 1e-6
    /// Columns with more non-missing values than this are fitted on a uniform random subsample of
    /// this many rows (encoding still uses every row). 20,000 values pin down ≤ 10 modes of weight
    /// ≥ 0.005 (≥ 100 points each) while keeping the fit well under a second.
    public var maxFitSamples: Int = 20_000

    public init() {}

    public init(maxComponents: Int = 10, weightConcentrationPrior: Double = 0.001, meanPrecisionPrior: Double = 0.01,
                weightThreshold: Double = 0.005,
                maxIterations: Int = 1_000, tolerance: Double = 1e-6, maxFitSamples: Int = 20_000) {
        self.maxComponents = maxComponents
        self.weightConcentrationPrior = weightConcentrationPrior
        self.meanPrecisionPrior = meanPrecisionPrior
        self.weightThreshold = weightThreshold
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.maxFitSamples = maxFitSamples
    }
}
