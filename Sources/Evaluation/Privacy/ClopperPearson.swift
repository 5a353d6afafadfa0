import Foundation

/// Exact (Clopper–Pearson) confidence bounds for a binomial proportion, from the inverse of the
/// regularized incomplete beta function.
enum ClopperPearson {
    /// The one-sided lower bound on `p` after `successes` out of `trials`, at confidence `1 − alpha`.
    static func lower(successes k: Int, trials n: Int, alpha: Double) -> Double {
        k == 0 ? 0 : inverseBeta(alpha, a: Double(k), b: Double(n - k + 1))
    }

    /// The one-sided upper bound on `p` at confidence `1 − alpha`.
    static func upper(successes k: Int, trials n: Int, alpha: Double) -> Double {
        k == n ? 1 : inverseBeta(1 - alpha, a: Double(k + 1), b: Double(n - k))
    }

    /// The `x` with `I_x(a, b) = target`, by bisection (I is increasing in x).
    static func inverseBeta(_ target: Double, a: Double, b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if regularizedIncompleteBeta(mid, a: a, b: b) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// `I_x(a, b)` by its continued fraction (modified Lentz), using the symmetry
    /// `I_x(a, b) = 1 − I_{1−x}(b, a)` where the fraction converges slowly.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even step.
            let twoM: Double = 2 * m
            var numerator: Double = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; f *= d * c
            // Odd step.
            numerator = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        return exp(logBeta + logPowers) * f / a
    }
}
