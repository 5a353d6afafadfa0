#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The privacy loss of one step of the Poisson-subsampled Gaussian mechanism (sensitivity 1,
/// noise standard deviation σ, sampling rate q) in one adjacency direction, described through its
/// hockey-stick divergence δ(ε) = sup_S P(S) − e^ε Q(S).
///
/// With the person's contribution at 1 and everyone else's sum at 0:
/// remove: P = (1−q)·N(0,σ²) + q·N(1,σ²), Q = N(0,σ²); add: P and Q swapped.
/// Everything is evaluated in log space so that δ stays accurate down to 1e-300.
struct SubsampledGaussianPrivacyLoss: Sendable {
    let samplingRate: Double
    let sigma: Double
    let direction: AdjacencyDirection

    /// Each side of the noise distribution beyond the evaluated range carries at most this much
    /// mass (dp_accounting's default log-mass truncation of −50, halved per side).
    static let tailMass = 0.5 * exp(-50.0)

    /// z with Φ̄(z) = tailMass.
    static let truncationZ: Double = {
        var low = 0.0, high = 40.0
        let target = log(tailMass)
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if LogSpace.logNormalTail(mid) > target { low = mid } else { high = mid }
        }
        return high
    }()

    /// log(1 − q); −∞ when q = 1.
    private var log1MinusQ: Double { samplingRate == 1 ? -.infinity : log1p(-samplingRate) }

    /// The privacy loss log(P(x)/Q(x)) at outcome x.
    func loss(at x: Double) -> Double {
        let gaussianLoss = (2 * x - 1) / (2 * sigma * sigma)
        let mixture = samplingRate == 1
            ? gaussianLoss
            : LogSpace.add(log1MinusQ, log(samplingRate) + gaussianLoss)
        return direction == .remove ? mixture : -mixture
    }

    /// The range of losses that carries all but `2·tailMass` of P's mass: [ε_lower, ε_upper].
    var lossRange: (lower: Double, upper: Double) {
        let z = Self.truncationZ
        switch direction {
        case .remove:
            return (loss(at: -sigma * z), loss(at: 1 + sigma * z))
        case .add:
            return (loss(at: sigma * z), loss(at: -sigma * z))
        }
    }

    /// The hockey-stick divergence δ(ε).
    func delta(epsilon: Double) -> Double {
        let q = samplingRate
        switch direction {
        case .remove:
            // ε ≤ log(1−q): every outcome has loss above ε, so δ = 1 − e^ε.
            if epsilon <= log1MinusQ { return -expm1(epsilon) }
            // S = {x > x*} with x* = σ² r + 1/2, r = log((e^ε − (1−q))/q);
            // δ = q Φ̄((x*−1)/σ) − (e^ε − (1−q)) Φ̄(x*/σ).
            let logExcess = logExpMinusOneMinusQ(epsilon)
            let r = logExcess - log(q)
            let a = sigma * r - 1 / (2 * sigma), b = sigma * r + 1 / (2 * sigma)
            let logFirst = log(q) + LogSpace.logNormalTail(a)
            let logSecond = logExcess + LogSpace.logNormalTail(b)
            return Self.difference(logFirst, logSecond)
        case .add:
            // ε ≥ −log(1−q): no outcome has loss above ε.
            if epsilon >= -log1MinusQ { return 0 }
            // S = {x < x*}, x* = σ² r + 1/2 with r = log((e^{−ε} − (1−q))/q);
            // δ = q e^ε (e^r Φ(x*/σ) − Φ((x*−1)/σ)).
            let r = logExpMinusOneMinusQ(-epsilon) - log(q)
            let a = sigma * r - 1 / (2 * sigma), b = sigma * r + 1 / (2 * sigma)
            let logFirst = log(q) + epsilon + r + LogSpace.logNormalCDF(b)
            let logSecond = log(q) + epsilon + LogSpace.logNormalCDF(a)
            return Self.difference(logFirst, logSecond)
        }
    }

    /// log(e^t − (1 − q)) for t > log(1 − q), without overflow or cancellation.
    private func logExpMinusOneMinusQ(_ t: Double) -> Double {
        if samplingRate == 1 { return t }
        let u = t - log1MinusQ
        if u > 40 { return t + log1p(-exp(-u)) }
        return log1MinusQ + log(expm1(u))
    }

    /// e^a − e^b, clamped at 0 (the exact value is non-negative; rounding may not be).
    private static func difference(_ logA: Double, _ logB: Double) -> Double {
        guard logA > logB else { return 0 }
        return exp(logA) * -expm1(logB - logA)
    }
}
