/// `count` releases of a statistic with L2 sensitivity `sensitivity` (add/remove one row), each
/// perturbed with Gaussian noise of standard deviation `noiseMultiplier · sensitivity`.
///
/// Used for what preprocessing reads from private rows: DP histograms of a continuous column,
/// noisy category counts for the conditional sampler. A histogram in which each person falls in
/// exactly one bin has sensitivity 1; `count` is the number of such histograms released (for
/// instance one per column), each charged in full.
public struct GaussianReleaseParameters: Hashable, Sendable {
    /// Noise standard deviation divided by the sensitivity.
    public var noiseMultiplier: Double
    /// L2 sensitivity of one release (1 for a histogram with one bin per person).
    public var sensitivity: Double
    /// Number of independent releases with these parameters.
    public var count: Int
    /// What was released, in words ("category frequencies of column region").
    public var purpose: String

    public init(noiseMultiplier: Double, sensitivity: Double = 1, count: Int = 1, purpose: String) {
        self.noiseMultiplier = noiseMultiplier
        self.sensitivity = sensitivity
        self.count = count
        self.purpose = purpose
    }
}
