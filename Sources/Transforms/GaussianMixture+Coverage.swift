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
    /// widening whichever neighbouring component needs the smaller relative increase. Weights and
    /// means are unchanged.
    public func covering(_ range: ClosedRange<Double>, reach: Double = 4) -> GaussianMixture {
        var sd = standardDeviations
        func left(_ k: Int) -> Double { means[k] - reach * sd[k] }
        func right(_ k: Int) -> Double { means[k] + reach * sd[k] }
        func widen(_ k: Int, toReach x: Double) { sd[k] = max(sd[k], abs(x - means[k]) / reach) }

        let order = means.indices.sorted { left($0) < left($1) }
        // The component that currently reaches furthest right among those swept so far.
        var reacher = order[0]
        if left(reacher) > range.lowerBound { widen(reacher, toReach: range.lowerBound) }
        for k in order.dropFirst() {
            if left(k) > right(reacher) {
                // A gap between `reacher` and `k`: stretch the one whose σ grows by the smaller factor.
                let stretchReacher = (left(k) - means[reacher]) / reach / sd[reacher]
                let stretchNext = (means[k] - right(reacher)) / reach / sd[k]
                if stretchReacher <= stretchNext { widen(reacher, toReach: left(k)) } else { widen(k, toReach: right(reacher)) }
            }
            if right(k) > right(reacher) { reacher = k }
        }
        if right(reacher) < range.upperBound { widen(reacher, toReach: range.upperBound) }
        // Widening for the right end may not be needed by every component; the left end is covered
        // by the component that was widened first, whose left edge only moved further left.
        return GaussianMixture(weights: weights, means: means, standardDeviations: sd)
    }
}
