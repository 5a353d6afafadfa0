#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact samplers of the discrete Gaussian N_ℤ(0, σ²) — P(x) ∝ exp(−x²/(2σ²)) on the integers —
/// after Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
/// Algorithms 1–3, in integer arithmetic only: no floating-point value ever decides an outcome, so
/// the released integers have exactly the distribution the accountant assumes (no Mironov-style
/// gaps in the low bits of a floating-point sample).
///
/// σ² is a rational `numerator / denominator`. Every random choice is a Bernoulli(a/b) with integer
/// a, b, decided by one uniform integer below b drawn without bias from `generator` (DP fits pass
/// the OS's secure source).
public enum DiscreteGaussian {
    /// The denominator σ² is rounded on (up) by ``variance(forNoiseMultiplier:)``.
    public static let varianceDenominator: UInt64 = 1024
    /// The largest σ the integer arithmetic supports without overflow (UInt128 intermediates).
    public static let largestNoiseMultiplier = 100_000.0

    /// σ² as a rational with denominator ``varianceDenominator``, rounded up so the noise is never
    /// smaller than asked; and the σ that rational is exactly (to the last bit of a Double).
    public static func variance(forNoiseMultiplier sigma: Double) throws -> (numerator: UInt64, sigma: Double) {
        guard sigma > 0, sigma <= largestNoiseMultiplier, sigma.isFinite else {
            throw PrivacyParameterError.invalid("discrete Gaussian σ must be in (0, \(largestNoiseMultiplier)], got \(sigma)")
        }
        // Up, except within rounding error of a multiple (so that a σ this returns maps to itself);
        // the accountant is given the σ of the rational actually sampled, so either way is exact.
        let scaled = sigma * sigma * Double(varianceDenominator)
        let numerator = UInt64(max(1, (scaled * (1 - 1e-12)).rounded(.up)))
        return (numerator, (Double(numerator) / Double(varianceDenominator)).squareRoot())
    }

    /// One sample of N_ℤ(0, σ²) with σ² = `numerator / denominator` (Algorithm 3: discrete Laplace
    /// proposals with scale t = ⌊σ⌋ + 1, accepted with probability exp(−(|Y| − σ²/t)²/(2σ²))).
    public static func sample<G: RandomNumberGenerator>(varianceNumerator numerator: UInt64,
                                                        denominator: UInt64 = varianceDenominator,
                                                        using generator: inout G) -> Int {
        precondition(numerator > 0 && denominator > 0)
        let t = floorSquareRoot(numerator: numerator, denominator: denominator) + 1
        let num = UInt128(numerator), den = UInt128(denominator), tt = UInt128(t)
        while true {
            let y = discreteLaplace(scale: t, using: &generator)
            // γ = (|Y|·t·den − num)² / (2·num·t²·den)
            let a = UInt128(y.magnitude) * tt * den
            let difference = a >= num ? a - num : num - a
            if bernoulliExpMinus(numerator: difference * difference, denominator: 2 * num * tt * tt * den, using: &generator) {
                return y
            }
        }
    }

    /// ⌊√(numerator/denominator)⌋ in integers.
    static func floorSquareRoot(numerator: UInt64, denominator: UInt64) -> UInt64 {
        var low: UInt64 = 0, high: UInt64 = 1
        while UInt128(high) * UInt128(high) * UInt128(denominator) <= UInt128(numerator) { high *= 2 }
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if UInt128(mid) * UInt128(mid) * UInt128(denominator) <= UInt128(numerator) { low = mid } else { high = mid }
        }
        return low
    }

    /// Discrete Laplace with P(x) ∝ exp(−|x|/t), t a positive integer (Algorithm 2).
    static func discreteLaplace<G: RandomNumberGenerator>(scale t: UInt64, using generator: inout G) -> Int {
        while true {
            let u = UInt64.random(in: 0..<t, using: &generator)
            guard bernoulliExpMinus(numerator: UInt128(u), denominator: UInt128(t), using: &generator) else { continue }
            var v: UInt64 = 0
            while bernoulliExpMinus(numerator: 1, denominator: 1, using: &generator) { v += 1 }
            let x = u + t * v
            let negative = Bool.random(using: &generator)
            if negative && x == 0 { continue }
            return negative ? -Int(x) : Int(x)
        }
    }

    /// Bernoulli(exp(−γ)) for γ = numerator/denominator ≥ 0 (Algorithm 1): for γ ≤ 1, the parity of
    /// the first K with Bernoulli(γ/K) = 0; for γ > 1, ⌊γ⌋ draws of Bernoulli(e^−1) and one of
    /// Bernoulli(exp(−(γ − ⌊γ⌋))).
    static func bernoulliExpMinus<G: RandomNumberGenerator>(numerator: UInt128, denominator: UInt128,
                                                           using generator: inout G) -> Bool {
        precondition(denominator > 0)
        if numerator <= denominator {
            var k: UInt128 = 1
            while bernoulli(numerator: numerator, denominator: denominator * k, using: &generator) { k += 1 }
            return k % 2 == 1
        }
        var whole = numerator / denominator
        while whole > 0 {
            if !bernoulliExpMinus(numerator: 1, denominator: 1, using: &generator) { return false }
            whole -= 1
        }
        return bernoulliExpMinus(numerator: numerator % denominator, denominator: denominator, using: &generator)
    }

    /// Bernoulli(numerator/denominator), numerator ≤ denominator.
    static func bernoulli<G: RandomNumberGenerator>(numerator: UInt128, denominator: UInt128, using generator: inout G) -> Bool {
        UInt128.random(in: 0..<denominator, using: &generator) < numerator
    }

    /// The exact probability mass function of N_ℤ(0, σ²) at `x` (for tests and the accountant),
    /// normalized over |x| ≤ ⌈60σ⌉ + 60 (the rest is below 1e-700).
    public static func probability(of x: Int, sigma: Double) -> Double {
        let limit = Int((60 * sigma).rounded(.up)) + 60
        var total = 0.0
        for k in -limit...limit { total += exp(-Double(k * k) / (2 * sigma * sigma)) }
        return exp(-Double(x * x) / (2 * sigma * sigma)) / total
    }
}
