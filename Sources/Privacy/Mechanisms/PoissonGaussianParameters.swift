/// One DP-SGD run: `steps` noisy updates, each on a Poisson sample of the rows (every row
/// independently with probability `samplingRate`), with per-example gradients clipped to L2 norm
/// `maxGradNorm` and Gaussian noise of standard deviation `noiseMultiplier · maxGradNorm` added
/// to their sum.
///
/// The privacy guarantee depends only on `samplingRate`, `noiseMultiplier` and `steps`;
/// `maxGradNorm` is recorded so that an auditor can check the noise scale actually used.
public struct PoissonGaussianParameters: Hashable, Sendable {
    /// q: the probability with which each row joins a step's sample, in (0, 1].
    public var samplingRate: Double
    /// σ: noise standard deviation divided by the clipping norm.
    public var noiseMultiplier: Double
    /// T: number of noisy steps.
    public var steps: Int
    /// C: per-example (or per-pack) gradient clipping norm.
    public var maxGradNorm: Double

    public init(samplingRate: Double, noiseMultiplier: Double, steps: Int, maxGradNorm: Double = 1.0) {
        self.samplingRate = samplingRate
        self.noiseMultiplier = noiseMultiplier
        self.steps = steps
        self.maxGradNorm = maxGradNorm
    }
}
