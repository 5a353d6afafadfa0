#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RDPAccountant {
    /// RDP of order α of one step of the Poisson-subsampled Gaussian mechanism with sampling rate
    /// q and noise multiplier σ (add/remove adjacency). q = 1 is the plain Gaussian, α/(2σ²).
    public static func subsampledGaussianRDP(q: Double, sigma: Double, alpha: Double) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 || alpha.isInfinite { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        let logA = alpha.rounded() == alpha
            ? logAIntegerOrder(q: q, sigma: sigma, alpha: Int(alpha))
            : logAFractionalOrder(q: q, sigma: sigma, alpha: alpha)
        // A_α ≥ 1 mathematically; clamp the rounding of a near-zero logarithm.
        return max(0, logA) / (alpha - 1)
    }

    /// log A_α for integer α: Σ_{i=0}^{α} C(α,i) q^i (1−q)^{α−i} exp((i² − i)/(2σ²)), all terms positive.
    static func logAIntegerOrder(q: Double, sigma: Double, alpha: Int) -> Double {
        let logQ = log(q), log1MinusQ = log1p(-q)
        let twoSigmaSquared = 2 * sigma * sigma
        var logA = -Double.infinity
        var logBinomial = 0.0  // log C(α, 0)
        for i in 0...alpha {
            if i > 0 { logBinomial += log(Double(alpha - i + 1)) - log(Double(i)) }
            let d = Double(i)
            let term = logBinomial + d * logQ + Double(alpha - i) * log1MinusQ + (d * d - d) / twoSigmaSquared
            logA = LogSpace.add(logA, term)
        }
        return logA
    }

    /// log A_α for fractional α: the two-sided series of Mironov, Talwar & Zhang (2019, §3.3),
    /// whose binomial coefficients C(α, i) change sign for i > α. Terms are summed with their signs
    /// in log space (summing magnitudes, as some libraries do, overestimates badly when ε is large).
    static func logAFractionalOrder(q: Double, sigma: Double, alpha: Double) -> Double {
        let logQ = log(q), log1MinusQ = log1p(-q)
        let sigmaSquared = sigma * sigma
        let z0 = sigmaSquared * log(1 / q - 1) + 0.5
        let scale = 2.0.squareRoot() * sigma
        var first = SignedLogSum(), second = SignedLogSum()
        var logAbsBinomial = 0.0, binomialSign = 1.0  // C(α, 0) = 1
        var i = 0
        // A few thousand terms suffice even for small σ and q; the cap only guards against a
        // parameter combination we never expect (it would still leave a valid partial sum).
        while i < 1_000_000 {
            if i > 0 {
                let factor = (alpha - Double(i - 1)) / Double(i)
                logAbsBinomial += log(abs(factor))
                if factor < 0 { binomialSign = -binomialSign }
            }
            let di = Double(i)
            let j = alpha - di
            let logT0 = logAbsBinomial + di * logQ + j * log1MinusQ
            let logT1 = logAbsBinomial + j * logQ + di * log1MinusQ
            let logE0 = log(0.5) + LogSpace.logErfc((di - z0) / scale)
            let logE1 = log(0.5) + LogSpace.logErfc((z0 - j) / scale)
            let logS0 = logT0 + (di * di - di) / (2 * sigmaSquared) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigmaSquared) + logE1
            first.add(sign: binomialSign, logMagnitude: logS0)
            second.add(sign: binomialSign, logMagnitude: logS1)
            i += 1
            if max(logS0, logS1) < -30 { break }
        }
        var total = first
        total.add(sign: second.sign, logMagnitude: second.logMagnitude)
        return total.sign > 0 ? total.logMagnitude : 0
    }
}
