#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numerically stable helpers for sums of exponentials and Gaussian tails in log space.
///
/// The accountants multiply tiny tail probabilities by huge likelihood ratios; doing that in
/// linear space overflows or cancels, so every such product is carried as a logarithm.
enum LogSpace {
    /// log(e^a + e^b) without overflow.
    static func add(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let high = max(a, b), low = min(a, b)
        return high + log1p(exp(low - high))
    }

    /// log(e^a − e^b) for a ≥ b (returns −∞ when they are equal).
    static func subtract(_ a: Double, _ b: Double) -> Double {
        if b == -.infinity { return a }
        precondition(a >= b, "log-space subtraction would be negative")
        if a == b { return -.infinity }
        return a + log1p(-exp(b - a))
    }

    /// log(erfc(x)), accurate far into the upper tail where erfc itself underflows.
    static func logErfc(_ x: Double) -> Double {
        if x < 20 { return log(erfc(x)) }
        // Asymptotic expansion erfc(x) ≈ e^{-x²}/(x√π) · Σ (−1)^k (2k−1)!! / (2x²)^k; at x ≥ 20 the
        // first omitted term is below 1e-13 relative.
        let inverseTwoXSquared = 1 / (2 * x * x)
        var series = 1.0, term = 1.0
        for k in 1...6 {
            term *= -Double(2 * k - 1) * inverseTwoXSquared
            series += term
        }
        return -x * x - log(x) - 0.5 * log(Double.pi) + log(series)
    }

    /// log(Φ̄(z)) = log P(N(0,1) > z).
    static func logNormalTail(_ z: Double) -> Double {
        log(0.5) + logErfc(z / 2.0.squareRoot())
    }

    /// log(Φ(z)) = log P(N(0,1) ≤ z).
    static func logNormalCDF(_ z: Double) -> Double {
        logNormalTail(-z)
    }
}

/// A running sum of signed terms held as sign and log-magnitude, so that series with alternating
/// signs (the fractional-order RDP series) can be summed without leaving log space.
struct SignedLogSum {
    private(set) var sign: Double = 0
    private(set) var logMagnitude: Double = -.infinity

    mutating func add(sign termSign: Double, logMagnitude termLog: Double) {
        guard termLog > -.infinity, termSign != 0 else { return }
        if sign == 0 || logMagnitude == -.infinity {
            sign = termSign
            logMagnitude = termLog
        } else if sign == termSign {
            logMagnitude = LogSpace.add(logMagnitude, termLog)
        } else if logMagnitude > termLog {
            logMagnitude = LogSpace.subtract(logMagnitude, termLog)
        } else if logMagnitude < termLog {
            sign = termSign
            logMagnitude = LogSpace.subtract(termLog, logMagnitude)
        } else {
            sign = 0
            logMagnitude = -.infinity
        }
    }
}
