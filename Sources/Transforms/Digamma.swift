#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The digamma function ψ(x) = d/dx ln Γ(x) for x > 0, accurate to about 1e-12.
///
/// The variational updates need E[ln v] of Beta and E[ln λ] of Gamma posteriors, which are
/// differences of digammas. Uses the recurrence ψ(x) = ψ(x + 1) − 1/x to reach x ≥ 6, then the
/// asymptotic series (Abramowitz & Stegun 6.3.18).
func digamma(_ x: Double) -> Double {
    precondition(x > 0, "digamma is only needed (and implemented) for positive arguments")
    var x = x
    var result = 0.0
    while x < 6 {
        result -= 1 / x
        x += 1
    }
    let inverseSquare = 1 / (x * x)
    // 1/(12x²) − 1/(120x⁴) + 1/(252x⁶) − 1/(240x⁸) + 1/(132x¹⁰)
    let series = inverseSquare * (1.0 / 12 - inverseSquare * (1.0 / 120 - inverseSquare * (1.0 / 252
        - inverseSquare * (1.0 / 240 - inverseSquare / 132))))
    return result + log(x) - 0.5 / x - series
}
