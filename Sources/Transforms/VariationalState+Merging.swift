#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Merge moves: coordinate ascent alone removes a redundant component (one Gaussian split in two)
/// only over hundreds of rounds, because the evidence lower bound is nearly flat along the way.
/// A merge proposes joining two neighbouring components and keeps the merge when the bound rises,
/// which is the Bayesian Occam's razor applied in one step (Hughes & Sudderth 2013 use the same
/// accept-if-the-bound-improves rule).
extension VariationalState {
    /// Tries merging each pair of neighbouring active components (by mean); applies the first that
    /// raises the evidence lower bound after a few settling rounds. Returns whether a merge was applied.
    mutating func mergeOnce() -> Bool {
        guard active.count > 1 else { return false }
        let current = evidenceLowerBound()
        let ordered = active.sorted { meanLocation[$0] < meanLocation[$1] }
        for (keep, absorb) in zip(ordered, ordered.dropFirst()) {
            var candidate = self
            candidate.merge(absorb, into: keep)
            if candidate.evidenceLowerBound() > current {
                self = candidate
                return true
            }
        }
        return false
    }

    private mutating func merge(_ absorbed: Int, into kept: Int) {
        let k = componentCount
        for i in 0..<values.count {
            responsibilities[i * k + kept] += responsibilities[i * k + absorbed]
            responsibilities[i * k + absorbed] = 0
        }
        active.removeAll { $0 == absorbed }
        updateParameters()
        // A few rounds let the merged component settle into its own shape before it is judged;
        // judged straight away, two slices of one Gaussian look worse merged than apart.
        for _ in 0..<Self.settlingRounds {
            updateResponsibilities()
            updateParameters()
        }
    }

    static let settlingRounds = 10

    /// The evidence lower bound L(q) = E[ln p(x, z, v, μ, λ)] − E[ln q(z, v, μ, λ)] at the current
    /// responsibilities and parameters (Bishop 10.70 in one dimension, with stick-breaking weights).
    func evidenceLowerBound() -> Double {
        let k = componentCount
        let (constant, precision) = logLikelihoodTerms()
        var bound = 0.0
        for i in 0..<values.count {
            var row = 0.0
            for c in active {
                let r = responsibilities[i * k + c]
                guard r > 0 else { continue }
                let d = values[i] - meanLocation[c]
                row += r * (constant[c] - 0.5 * precision[c] * (d * d + variances[i]) - log(r))
            }
            bound += weights[i] * (row - 0.5 * log(2 * Double.pi))
        }
        for c in 0..<k {
            bound -= Self.betaDivergence(stickA[c], stickB[c], 1, prior.concentration)
            bound -= normalGammaDivergence(c)
        }
        return bound
    }

    /// KL(Beta(a, b) ‖ Beta(a₀, b₀)).
    static func betaDivergence(_ a: Double, _ b: Double, _ a0: Double, _ b0: Double) -> Double {
        logBeta(a0, b0) - logBeta(a, b) + (a - a0) * digamma(a) + (b - b0) * digamma(b)
            + (a0 - a + b0 - b) * digamma(a + b)
    }

    /// KL(q(μ_c, λ_c) ‖ p(μ, λ)) for the Normal-Gamma posterior of component `c`: the Gamma part
    /// (shape ν/2, rate ψ/2) plus the expected KL of the conditional normals.
    func normalGammaDivergence(_ c: Int) -> Double {
        let a = degreesOfFreedom[c] / 2, b = scale[c] / 2
        let a0 = prior.degreesOfFreedom / 2, b0 = prior.variance / 2
        let gamma = (a - a0) * digamma(a) - lgamma(a) + lgamma(a0) + a0 * (log(b) - log(b0)) + a * (b0 - b) / b
        let β = meanPrecision[c], β0 = prior.meanPrecision
        let shift = meanLocation[c] - prior.mean
        let normal = 0.5 * (β0 / β + β0 * (a / b) * shift * shift - 1 - log(β0 / β))
        return gamma + normal
    }

    private static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }
}
