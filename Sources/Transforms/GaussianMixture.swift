#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted one-dimensional Gaussian mixture: the modes of one continuous column.
///
/// Produced by ``VariationalGaussianMixture/fit(_:options:fallbackRange:rng:)``: components sorted
/// by mean, every one with weight ≥ the fit's threshold (weights renormalized to sum to 1).
/// ``covering(_:reach:)`` may append zero-weight components that only make a range encodable.
public struct GaussianMixture: Sendable, Equatable, Codable {
    /// Mixing weights, summing to 1.
    public let weights: [Double]
    /// Component means.
    public let means: [Double]
    /// Component standard deviations (> 0).
    public let standardDeviations: [Double]

    /// Creates a mixture from parallel arrays; weights are renormalized to sum to 1.
    public init(weights: [Double], means: [Double], standardDeviations: [Double]) {
        precondition(!weights.isEmpty, "a mixture needs at least one component")
        precondition(weights.count == means.count && means.count == standardDeviations.count, "parallel arrays")
        precondition(standardDeviations.allSatisfy { $0 > 0 && $0.isFinite }, "standard deviations must be positive")
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must not all be zero")
        self.weights = weights.map { $0 / total }
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The number of components (modes).
    public var componentCount: Int { weights.count }

    /// ln(weight_k · N(x | μ_k, σ_k²)) for every component, into `output` (length `componentCount`).
    @inlinable
    public func logJointDensities(_ x: Double, into output: inout [Double]) {
        for k in 0..<weights.count {
            let z = (x - means[k]) / standardDeviations[k]
            output[k] = log(weights[k]) - log(standardDeviations[k]) - 0.5 * z * z
        }
    }

    /// The density of the mixture at `x`.
    public func density(_ x: Double) -> Double {
        var total = 0.0
        for k in 0..<weights.count {
            let z = (x - means[k]) / standardDeviations[k]
            total += weights[k] * exp(-0.5 * z * z) / (standardDeviations[k] * (2 * Double.pi).squareRoot())
        }
        return total
    }
}
