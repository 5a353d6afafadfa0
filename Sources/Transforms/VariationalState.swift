#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom

/// The working state of one ``VariationalGaussianMixture`` fit: responsibilities q(z) and the
/// parameters of q(v) (Beta) and q(μ, λ) (Normal-Gamma) for every component.
struct VariationalState {
    struct Prior {
        var mean: Double
        var variance: Double
        var concentration: Double
        var meanPrecision: Double
        let degreesOfFreedom = 1.0
    }

    let values: [Double]
    let weights: [Double]
    let variances: [Double]
    let componentCount: Int
    let prior: Prior
    /// Added to each component's variance estimate so that no component collapses onto one value.
    let regularization: Double

    /// Components still in play. A component whose expected count falls below `pruneBelow` is
    /// switched off for good: under the stick-breaking prior a dying component does not recover,
    /// and dropping it early saves most of the E-step work while the last ones fade.
    var active: [Int]
    let pruneBelow: Double

    /// Row-major n × K responsibilities.
    var responsibilities: [Double]
    /// N_k: the weighted number of points each component explains.
    var expectedCounts: [Double]
    var meanPrecision: [Double]       // β_k
    var meanLocation: [Double]        // m_k
    var degreesOfFreedom: [Double]    // ν_k
    var scale: [Double]               // ψ_k (inverse Wishart scale; the variance estimate is ψ_k / ν_k)
    var stickA: [Double]              // γ_k1
    var stickB: [Double]              // γ_k2

    init(points: WeightedPoints, components: Int, prior: Prior, regularization: Double, pruneBelow: Double) {
        active = Array(0..<components)
        self.pruneBelow = pruneBelow
        values = points.values
        weights = points.weights
        variances = points.variances
        componentCount = components
        self.prior = prior
        self.regularization = regularization
        responsibilities = [Double](repeating: 0, count: points.count * components)
        let zeros = [Double](repeating: 0, count: components)
        expectedCounts = zeros
        meanPrecision = zeros
        meanLocation = zeros
        degreesOfFreedom = zeros
        scale = zeros
        stickA = zeros
        stickB = zeros
    }

    /// Hard assignments from weighted k-means (k-means++ seeding, then Lloyd rounds).
    mutating func initializeByKMeans(rng: inout some RandomNumberGenerator) {
        let n = values.count
        let k = componentCount
        var centers = [values[draw(weights, total: weights.reduce(0, +), rng: &rng) ?? 0]]
        var distances = values.map { ($0 - centers[0]) * ($0 - centers[0]) }
        while centers.count < k {
            let scores = zip(distances, weights).map { $0 * $1 }
            guard scores.reduce(0, +) > 0 else { break }
            let next = values[draw(scores, total: scores.reduce(0, +), rng: &rng) ?? 0]
            centers.append(next)
            for i in 0..<n { distances[i] = min(distances[i], (values[i] - next) * (values[i] - next)) }
        }
        var labels = [Int](repeating: 0, count: n)
        for _ in 0..<30 {
            var changed = false
            for i in 0..<n {
                var best = 0
                for c in 1..<centers.count where abs(values[i] - centers[c]) < abs(values[i] - centers[best]) { best = c }
                if labels[i] != best { labels[i] = best; changed = true }
            }
            var sums = [Double](repeating: 0, count: centers.count)
            var totals = sums
            for i in 0..<n {
                sums[labels[i]] += weights[i] * values[i]
                totals[labels[i]] += weights[i]
            }
            for c in 0..<centers.count where totals[c] > 0 { centers[c] = sums[c] / totals[c] }
            if !changed { break }
        }
        for i in 0..<n { responsibilities[i * k + labels[i]] = 1 }
    }

    /// The variational M-step: q(v) and q(μ, λ) from the current responsibilities.
    mutating func updateParameters() {
        let k = componentCount
        var counts = [Double](repeating: 0, count: k)
        var sums = counts
        var scatter = counts
        var clusterMeans = counts
        let active = active
        responsibilities.withUnsafeBufferPointer { r in
            for i in 0..<values.count {
                for c in active {
                    let weighted = weights[i] * r[i * k + c]
                    counts[c] += weighted
                    sums[c] += weighted * values[i]
                }
            }
            for c in 0..<k { clusterMeans[c] = counts[c] > 1e-300 ? sums[c] / counts[c] : prior.mean }
            for i in 0..<values.count {
                for c in active {
                    let d = values[i] - clusterMeans[c]
                    scatter[c] += weights[i] * r[i * k + c] * (d * d + variances[i])
                }
            }
        }
        expectedCounts = counts
        for c in active where counts[c] < pruneBelow && self.active.count > 1 {
            self.active.removeAll { $0 == c }
            for i in 0..<values.count { responsibilities[i * k + c] = 0 }
        }
        var remaining = counts.reduce(0, +)
        for c in 0..<k {
            let n = counts[c]
            let β0 = prior.meanPrecision
            meanPrecision[c] = β0 + n
            meanLocation[c] = (β0 * prior.mean + n * clusterMeans[c]) / meanPrecision[c]
            degreesOfFreedom[c] = prior.degreesOfFreedom + n
            let shift = clusterMeans[c] - prior.mean
            scale[c] = prior.variance + scatter[c] + n * regularization + n * β0 / (β0 + n) * shift * shift
            remaining -= n
            stickA[c] = 1 + n
            stickB[c] = prior.concentration + max(remaining, 0)
        }
    }

    /// Per component, the terms of ln ρ_ic = constant_c − ½ precision_c ((x_i − m_c)² + v_i), where
    /// constant_c = E[ln π_c] + ½E[ln λ_c] − ½/β_c and precision_c = E[λ_c] (the −½ln 2π common to
    /// all components is left out).
    func logLikelihoodTerms() -> (constant: [Double], precision: [Double]) {
        let k = componentCount
        var constant = [Double](repeating: 0, count: k)
        var precision = constant
        var before = 0.0  // Σ_{j<c} E[ln(1 − v_j)]
        for c in 0..<k {
            let total = digamma(stickA[c] + stickB[c])
            let expectedLogWeight = digamma(stickA[c]) - total + before
            before += digamma(stickB[c]) - total
            let expectedLogPrecision = digamma(degreesOfFreedom[c] / 2) - log(scale[c] / 2)
            precision[c] = degreesOfFreedom[c] / scale[c]
            constant[c] = expectedLogWeight + 0.5 * expectedLogPrecision - 0.5 / meanPrecision[c]
        }
        return (constant, precision)
    }

    /// The variational E-step: q(z) from the expected log weights and log likelihoods.
    mutating func updateResponsibilities() {
        let k = componentCount
        let (constant, precision) = logLikelihoodTerms()
        let active = active
        responsibilities.withUnsafeMutableBufferPointer { r in
            for i in 0..<values.count {
                let row = i * k
                var largest = -Double.infinity
                for c in active {
                    let d = values[i] - meanLocation[c]
                    let value = constant[c] - 0.5 * precision[c] * (d * d + variances[i])
                    r[row + c] = value
                    largest = max(largest, value)
                }
                var total = 0.0
                for c in active {
                    let e = exp(r[row + c] - largest)
                    r[row + c] = e
                    total += e
                }
                for c in active { r[row + c] /= total }
            }
        }
    }

    /// The posterior-mean mixture, without components lighter than `threshold`, sorted by mean.
    func mixture(threshold: Double) -> GaussianMixture {
        var weightsOut: [Double] = []
        var leftOver = 1.0
        for c in 0..<componentCount {
            let stick = stickA[c] / (stickA[c] + stickB[c])
            weightsOut.append(leftOver * stick)
            leftOver *= 1 - stick
        }
        let total = weightsOut.reduce(0, +)
        var kept = active.filter { weightsOut[$0] / total >= threshold }
        if kept.isEmpty { kept = [weightsOut.indices.max { weightsOut[$0] < weightsOut[$1] }!] }
        kept.sort { meanLocation[$0] < meanLocation[$1] }
        return GaussianMixture(
            weights: kept.map { weightsOut[$0] },
            means: kept.map { meanLocation[$0] },
            standardDeviations: kept.map { (scale[$0] / degreesOfFreedom[$0]).squareRoot() })
    }
}
