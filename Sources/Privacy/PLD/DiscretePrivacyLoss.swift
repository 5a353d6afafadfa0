#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A privacy loss distribution on the grid {(lowerIndex + i) · interval}, plus a mass at +∞.
///
/// Built pessimistically, so the hockey-stick divergence computed from it is an upper bound on
/// the mechanism's: see ``connectTheDots(_:interval:)``.
struct DiscretePrivacyLoss: Sendable {
    let interval: Double
    let lowerIndex: Int
    var probabilities: [Double]
    var infinityMass: Double

    /// The connect-the-dots discretization (Doroshenko, Ghazi, Kamath, Kumar & Manurangsi 2022,
    /// Algorithm 1) on a fixed grid: masses are chosen so that the discrete PLD's δ(ε) equals the
    /// mechanism's at every grid point and interpolates linearly in e^ε between them. δ(ε) is
    /// convex in e^ε, so the interpolation lies above it: the result dominates the true PLD, and
    /// so does any composition of such PLDs. Unlike rounding each loss up (privacy buckets), it
    /// has no per-step bias that grows with the number of steps.
    static func connectTheDots(_ loss: any PrivacyLossCurve, interval d: Double) -> DiscretePrivacyLoss {
        let range = loss.lossRange
        let lower = Int((range.lower / d).rounded(.down))
        let upper = max(lower + 1, Int((range.upper / d).rounded(.up)))
        let n = upper - lower + 1
        var deltas = [Double](repeating: 0, count: n)
        for k in 0..<n { deltas[k] = loss.delta(epsilon: Double(lower + k) * d) }
        // δ must be non-increasing; enforce it against rounding in the far tail.
        for k in 1..<n where deltas[k] > deltas[k - 1] { deltas[k] = deltas[k - 1] }
        var p = [Double](repeating: 0, count: n)
        let em1 = expm1(d), ed = exp(d)
        p[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / em1
        for k in 1..<(n - 1) {
            p[k] = ((deltas[k + 1] - deltas[k]) - ed * (deltas[k] - deltas[k - 1])) / em1
        }
        p[n - 1] = (deltas[n - 1] - deltas[n - 2]) / expm1(-d)
        for k in 0..<n where p[k] < 0 { p[k] = 0 }
        return DiscretePrivacyLoss(interval: d, lowerIndex: lower, probabilities: p, infinityMass: deltas[n - 1])
    }

    /// The smallest ε ≥ 0 with δ(ε) ≤ `delta`, or +∞ if the mass at infinity alone exceeds it.
    ///
    /// Scans losses from the top keeping A = Σ_{L_i > ε} p_i and B = Σ_{L_i > ε} p_i e^{L_k − L_i}
    /// relative to the current grid point L_k, so that e^ε never overflows (ε can be in the
    /// thousands for weak settings).
    func epsilon(forDelta delta: Double) -> Double {
        if infinityMass > delta { return .infinity }
        var upperMass = infinityMass  // P-mass with loss above the current point, incl. +∞
        var scaledLowerMass = 0.0     // Σ p_i e^{L_k − L_i} over losses above L_k
        var k = probabilities.count - 1
        while k >= 0 {
            let lossK = Double(lowerIndex + k) * interval
            // For ε in [L_k, L_{k+1}): δ(ε) = upperMass − e^{ε − L_k} · scaledLowerMass.
            if upperMass > delta, scaledLowerMass > 0 {
                let offset = log((upperMass - delta) / scaledLowerMass)
                if offset >= 0 { return max(0, lossK + offset) }
            }
            // No crossing in [L_k, L_{k+1}) means δ(L_k) ≤ delta; ε is never reported below 0.
            if lossK <= 0 { return 0 }
            upperMass += probabilities[k]
            scaledLowerMass += probabilities[k]
            if k > 0 { scaledLowerMass *= exp(-interval) }
            k -= 1
        }
        return 0
    }

    /// The hockey-stick divergence δ(ε) of this discrete PLD.
    func delta(forEpsilon epsilon: Double) -> Double {
        var total = infinityMass
        for (k, p) in probabilities.enumerated() where p > 0 {
            let loss = Double(lowerIndex + k) * interval
            if loss > epsilon { total += p * -expm1(epsilon - loss) }
        }
        return total
    }
}
