extension GaussianMixture {
    /// The span a component can encode without clipping: μ ± `reach`·σ (4σ for mode-specific
    /// normalization, whose scalar is (x − μ)/(4σ) clipped to [−1, 1]).
    public func encodableSpan(of component: Int, reach: Double = 4) -> ClosedRange<Double> {
        (means[component] - reach * standardDeviations[component])...(means[component] + reach * standardDeviations[component])
    }

    /// This mixture with some standard deviations widened (never narrowed) so that every point of
    /// `range` lies within `reach`·σ of some component's mean: then every value in the range encodes
    /// without clipping and decodes back (up to `Float` precision).
    ///
    /// A fitted mixture leaves gaps for outliers, and between far-apart modes; each gap is closed by
    /// widening whichever neighbouring component needs the smaller relative increase, unless that
    /// would more than double its σ (coarsening every value it encodes): then a zero-weight component
    /// spanning exactly the gap is added instead. Existing weights and means are unchanged.
    public func covering(_ range: ClosedRange<Double>, reach: Double = 4) -> GaussianMixture {
        var sd = standardDeviations
        var mu = means
        var added = 0
        func left(_ k: Int) -> Double { mu[k] - reach * sd[k] }
        func right(_ k: Int) -> Double { mu[k] + reach * sd[k] }
        // The relative margin keeps the far edge on the covered side after rounding.
        func widen(_ k: Int, toReach x: Double) { sd[k] = max(sd[k], abs(x - mu[k]) / reach * (1 + 1e-12)) }
        func stretch(_ k: Int, toReach x: Double) -> Double { abs(x - mu[k]) / reach / sd[k] }
        /// Covers (from, to) with a new zero-weight component.
        func bridge(_ from: Double, _ to: Double) -> Double {
            mu.append((from + to) / 2)
            sd.append(max((to - from) / 2 / reach * (1 + 1e-12), Double.leastNormalMagnitude))
            added += 1
            return right(mu.count - 1)
        }

        // Sweep components by left edge, tracking how far [lower, covered] is already covered and
        // which component reaches furthest right (`reacher`).
        var covered = range.lowerBound
        var reacher: Int?
        for k in means.indices.sorted(by: { left($0) < left($1) }) {
            if covered >= range.upperBound { break }
            if left(k) > covered {
                // A gap (covered, left(k)) inside the range.
                let target = min(left(k), range.upperBound)
                let stretchNext = stretch(k, toReach: covered)
                let stretchReacher = reacher.map { stretch($0, toReach: target) } ?? .infinity
                if min(stretchNext, stretchReacher) > Self.maximumStretch {
                    covered = max(covered, bridge(covered, target))
                } else if let r = reacher, stretchReacher <= stretchNext {
                    widen(r, toReach: target)
                    covered = max(covered, right(r))
                } else {
                    widen(k, toReach: covered)
                }
            }
            if left(k) <= covered {
                covered = max(covered, right(k))
                if reacher.map({ right(k) > right($0) }) ?? true { reacher = k }
            }
        }
        if covered < range.upperBound {
            if let r = reacher, stretch(r, toReach: range.upperBound) <= Self.maximumStretch {
                widen(r, toReach: range.upperBound)
            } else {
                _ = bridge(covered, range.upperBound)
            }
        }
        return GaussianMixture(weights: weights + [Double](repeating: 0, count: added), means: mu, standardDeviations: sd)
    }

    /// The most a gap may multiply a component's σ before a zero-weight component bridges it instead.
    static let maximumStretch = 2.0
}
