/// `count` count vectors released with discrete Gaussian noise N_ℤ(0, σ²) on every cell (exact
/// integer sampling, ``DiscreteGaussian``). One person adds 1 to one cell of each vector, so each
/// vector has sensitivity 1 (L1 = L2 = 1); the released values are integers.
///
/// Accounted with the discrete Gaussian's own privacy loss: on one vector it is
/// L(x) = (1 − 2x)/(2σ²) at integer x ~ N_ℤ(0, σ²) (PLD accountant), and the release is
/// (α, α/(2σ²))-RDP per vector (Canonne, Kamath & Steinke 2020, Theorem 4); `count` vectors compose
/// `count` such losses.
public struct DiscreteGaussianParameters: Hashable, Sendable {
    /// σ: the noise's scale parameter (N_ℤ(0, σ²)); σ² is a multiple of 1/1024.
    public var noiseMultiplier: Double
    /// Number of count vectors released with this σ.
    public var count: Int
    /// What was released, in words.
    public var purpose: String

    public init(noiseMultiplier: Double, count: Int = 1, purpose: String) {
        self.noiseMultiplier = noiseMultiplier
        self.count = count
        self.purpose = purpose
    }
}
