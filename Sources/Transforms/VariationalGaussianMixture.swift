#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom

/// Fits a one-dimensional Gaussian mixture by variational Bayesian inference with a
/// Dirichlet-process (stick-breaking) prior on the weights: the mode finder of mode-specific
/// normalization.
///
/// The model (Bishop, *PRML* §10.2; Blei & Jordan 2006 for the stick-breaking weights):
/// - weights π_k = v_k ∏_{j<k} (1 − v_j) with v_k ~ Beta(1, α), α = `weightConcentrationPrior`;
/// - per component a Normal-Gamma prior: precision λ_k ~ Gamma(ν₀/2, ψ₀/2), mean
///   μ_k | λ_k ~ N(m₀, 1/(β₀ λ_k)), with m₀ the data mean, ψ₀ the square of a robust data scale
///   (``WeightedPoints/robustScale``), ν₀ = 1 and
///   β₀ = `meanPrecisionPrior` (data-scaled choices as in scikit-learn, with a weaker β₀);
/// - coordinate ascent on q(v) q(μ, λ) q(z), started from a k-means++ / Lloyd clustering, with
///   merge moves of neighbouring components accepted when they raise the evidence lower bound
///   (see `VariationalState+Merging.swift`).
///
/// A small α makes components without support collapse toward zero weight; those under
/// `weightThreshold` are dropped. The returned mixture uses the posterior means: weights E[π_k],
/// means m_k and standard deviations √(ψ_k / ν_k) (the posterior scale of the component variance).
public enum VariationalGaussianMixture {
    /// Fits a mixture to raw values (NaN skipped). Above `options.maxFitSamples` values a uniform
    /// random subsample of that size is fitted; values more than 50 robust scales from the median
    /// are left out when too few to form a mode of at least `weightThreshold`; the rest are merged
    /// into weighted groups (see ``WeightedPoints/init(samples:groupWidth:)``).
    /// - Parameter fallbackRange: where to put a single broad mode if there are no values at all.
    public static func fit(samples: [Double], options: MixtureOptions = MixtureOptions(),
                           fallbackRange: ClosedRange<Double>? = nil,
                           rng: inout some RandomNumberGenerator) -> GaussianMixture {
        var present = samples.filter { !$0.isNaN }
        if present.count > options.maxFitSamples {
            // Partial Fisher–Yates: the first maxFitSamples entries become a uniform subsample.
            for i in 0..<options.maxFitSamples {
                present.swapAt(i, i + rng.nextIndex(below: present.count - i))
            }
            present.removeSubrange(options.maxFitSamples...)
        }
        present.sort()
        let exact = WeightedPoints(samples: present)
        guard exact.count > 0 else { return fit(exact, options: options, fallbackRange: fallbackRange, rng: &rng) }
        let scale = exact.robustScale
        // Far outliers are left out of the fit when there are too few of them to make a mode that
        // would be kept: inside, one far value would stretch some component to reach it and blur it.
        // (The transformer's coverage step still makes them encodable.)
        let median = exact.quantile(0.5)
        let fence = outlierFence * max(scale, 1e-300)
        let lowCount = present.prefix { $0 < median - fence }.count
        let highCount = present.reversed().prefix { $0 > median + fence }.count
        let smallest = Double(present.count) * options.weightThreshold
        let kept = present[(Double(lowCount) < smallest ? lowCount : 0)..<(present.count - (Double(highCount) < smallest ? highCount : 0))]
        // Groups 1/256 of a robust scale wide: narrow enough that no mode worth keeping fits inside
        // one group, wide enough to cut a 20,000-value fit to about two thousand points.
        return fit(WeightedPoints(samples: kept, groupWidth: scale / 256), options: options,
                   fallbackRange: fallbackRange, rng: &rng)
    }

    /// Fits a mixture to weighted points (for example a noisy histogram's bin centers).
    /// - Parameter fallbackRange: where to put a single broad mode if the points carry no weight.
    public static func fit(_ points: WeightedPoints, options: MixtureOptions = MixtureOptions(),
                           fallbackRange: ClosedRange<Double>? = nil,
                           rng: inout some RandomNumberGenerator) -> GaussianMixture {
        precondition(options.maxComponents >= 1, "maxComponents must be at least 1")
        guard points.totalWeight > 0 else { return broadMode(over: fallbackRange) }
        let (mean, variance) = points.meanAndVariance
        // A floor keeps a constant column (or one value) from producing a zero standard deviation.
        let varianceFloor = 1e-12 * max(1, mean * mean)
        if points.count == 1 {
            return GaussianMixture(weights: [1], means: [mean], standardDeviations: [max(variance, varianceFloor).squareRoot()])
        }
        let robustVariance = max(points.robustScale * points.robustScale, varianceFloor)
        var state = VariationalState(
            points: points, components: min(options.maxComponents, points.count),
            // The prior variance is robust too: with ν₀ = 1 it acts like one pseudo-observation added
            // to every component, and the plain variance of data with an extreme outlier would inflate
            // every mode's σ by orders of magnitude.
            prior: .init(mean: mean, variance: robustVariance,
                         concentration: options.weightConcentrationPrior,
                         meanPrecision: options.meanPrecisionPrior),
            regularization: 1e-6 * robustVariance,
            pruneBelow: 0.1 * options.weightThreshold * points.totalWeight)
        state.initializeByKMeans(rng: &rng)
        state.updateParameters()
        for round in 1...max(options.maxIterations, 1) {
            let previous = state.expectedCounts
            state.updateResponsibilities()
            state.updateParameters()
            let moved = zip(previous, state.expectedCounts).map { abs($0 - $1) }.max() ?? 0
            let converged = moved <= options.tolerance * points.totalWeight
            // Merge moves when the updates settle, and at rounds 20, 40, 80, … to cut slow plateaus
            // short (each attempt costs about ten rounds per neighbouring pair, so not every round).
            if converged || (round % 20 == 0 && (round / 20).nonzeroBitCount == 1) {
                var merged = false
                while state.mergeOnce() { merged = true }
                if converged && !merged { break }
            }
        }
        return state.mixture(threshold: options.weightThreshold)
    }

    /// How many robust scales (≈ standard deviations for normal data) from the median a value must
    /// lie to count as a far outlier.
    static let outlierFence = 50.0

    static func broadMode(over range: ClosedRange<Double>?) -> GaussianMixture {
        guard let range else { return GaussianMixture(weights: [1], means: [0], standardDeviations: [1]) }
        return GaussianMixture(weights: [1], means: [(range.lowerBound + range.upperBound) / 2],
                               standardDeviations: [max((range.upperBound - range.lowerBound) / 4, 1e-12)])
    }
}
