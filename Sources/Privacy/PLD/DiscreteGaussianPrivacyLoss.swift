#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The privacy loss of one count vector released with discrete Gaussian noise N_ℤ(0, σ²),
/// sensitivity 1: P = N_ℤ(0, σ²) on the person's cell, Q = N_ℤ(1, σ²) (the add direction is the
/// mirror image, x ↦ 1 − x, so one curve serves both). The loss at integer x is
/// L(x) = (1 − 2x)/(2σ²); it decreases in x, so δ(ε) = P(X ≤ x*) − e^ε P(X ≤ x* − 1) with x* the
/// largest integer of loss > ε, computed from prefix sums of the exact pmf.
struct DiscreteGaussianPrivacyLoss: PrivacyLossCurve {
    let sigma: Double
    /// Outcomes considered: −limit … limit; the mass beyond (≤ e^−50 per side) is charged to δ.
    let limit: Int
    /// cumulative[i] = P(X ≤ i − limit).
    private let cumulative: [Double]
    private let tailMass: Double

    init(sigma: Double) {
        self.sigma = sigma
        limit = Int((sigma * SubsampledGaussianPrivacyLoss.truncationZ).rounded(.up)) + 2
        let wide = 2 * limit + 20
        var weights = [Double](repeating: 0, count: 2 * wide + 1)
        for k in -wide...wide { weights[k + wide] = exp(-Double(k * k) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        var running = 0.0
        // P(X < −limit), exactly enough for the prefix sums to start right.
        for k in -wide..<(-limit) { running += weights[k + wide] / total }
        let below = running
        var cumulative = [Double](repeating: 0, count: 2 * limit + 1)
        for x in -limit...limit {
            running += weights[x + wide] / total
            cumulative[x + limit] = running
        }
        self.cumulative = cumulative
        tailMass = max(below, 1 - running) + 2 * SubsampledGaussianPrivacyLoss.tailMass
    }

    func loss(at x: Int) -> Double { Double(1 - 2 * x) / (2 * sigma * sigma) }

    var lossRange: (lower: Double, upper: Double) { (loss(at: limit), loss(at: -limit)) }

    func delta(epsilon: Double) -> Double {
        // x* = the largest integer x with (1 − 2x)/(2σ²) > ε, i.e. x < (1 − 2σ²ε)/2.
        let bound = (1 - 2 * sigma * sigma * epsilon) / 2
        var xStar = Int(bound.rounded(.up)) - 1
        if Double(xStar) >= bound { xStar -= 1 }
        if xStar < -limit { return tailMass }
        let top = min(xStar, limit)
        let p = cumulative[top + limit]
        let q = top - 1 >= -limit ? cumulative[top - 1 + limit] : 0
        // Above the range every outcome counts (P's mass there is ≤ the tail).
        return min(1, max(0, p - exp(epsilon) * q) + tailMass)
    }
}
