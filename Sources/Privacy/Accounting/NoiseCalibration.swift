#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the smallest DP-SGD noise multiplier that meets a target ε for the planned sampling
/// rate, steps and δ, by bisection. The result never overshoots: ε at the returned σ is ≤ the
/// target (the bisection returns the upper end of its final bracket).
public enum NoiseCalibration {
    /// The smallest σ (to `relativePrecision`) such that DP-SGD with (q, σ, T), composed with
    /// `alreadyCharged` (e.g. preprocessing histograms of the same fit), has ε ≤ `targetEpsilon`.
    ///
    /// - Throws: ``PrivacyParameterError`` for invalid inputs, or when `alreadyCharged` alone
    ///   uses up the target (no σ can meet it).
    public static func noiseMultiplier(
        targetEpsilon: Double, samplingRate: Double, steps: Int, delta: Double,
        accountant: any PrivacyAccountant, alreadyCharged: [PrivacyMechanism] = [],
        maxGradNorm: Double = 1, relativePrecision: Double = 1e-4
    ) throws -> Double {
        guard targetEpsilon > 0, targetEpsilon.isFinite else {
            throw PrivacyParameterError.invalid("target epsilon must be positive, got \(targetEpsilon)")
        }
        // Each accountant call can take a fraction of a second (PLD); bracketing and refinement
        // revisit the same σ, so remember the answers.
        var known: [Double: Double] = [:]
        func epsilon(_ sigma: Double) throws -> Double {
            if let value = known[sigma] { return value }
            let value = try accountant.epsilon(
                composing: alreadyCharged + [.poissonGaussian(
                    samplingRate: samplingRate, noiseMultiplier: sigma, steps: steps, maxGradNorm: maxGradNorm)],
                delta: delta)
            known[sigma] = value
            return value
        }
        // PLD is tighter than RDP, so the (cheap) RDP answer brackets the PLD one from above. A
        // fine PLD evaluation costs up to a few tenths of a second; the search runs on a coarse
        // grid first (loss interval 1e-3 instead of 1e-4: still a pessimistic bound, close to the fine one),
        // so the fine accountant only confirms and polishes a narrow bracket.
        var high: Double
        var low: Double
        if let pld = accountant as? PLDAccountant, pld.valueDiscretizationInterval < Self.coarseInterval {
            let coarse = PLDAccountant(valueDiscretizationInterval: Self.coarseInterval,
                                       maximumGridPoints: Self.coarseGridPoints, tailMassTruncation: pld.tailMassTruncation)
            high = try noiseMultiplier(
                targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: coarse, alreadyCharged: alreadyCharged, maxGradNorm: maxGradNorm,
                relativePrecision: relativePrecision)
            low = high * (1 - Self.coarseBracket)
            if try epsilon(high) <= targetEpsilon && epsilon(low) > targetEpsilon {
                return try refine(low: low, high: high, relativePrecision: relativePrecision) {
                    log(try epsilon($0)) - log(targetEpsilon)
                }
            }
        } else if accountant.kind == .pld {
            high = try noiseMultiplier(
                targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: RDPAccountant(), alreadyCharged: alreadyCharged, maxGradNorm: maxGradNorm,
                relativePrecision: relativePrecision)
        } else {
            high = 1
        }
        low = high
        // Grow `high` until it meets the target, shrink `low` until it does not.
        while try epsilon(high) > targetEpsilon {
            low = high
            high *= 2
            guard high < 1e7 else {
                throw PrivacyParameterError.invalid(
                    "no noise multiplier reaches ε ≤ \(targetEpsilon) at δ = \(delta) (the other charged mechanisms may already exceed it)")
            }
        }
        if low == high {
            low = high * (accountant.kind == .pld ? 0.85 : 0.5)
            while try epsilon(low) <= targetEpsilon {
                high = low
                low /= 2
                guard low > 1e-6 else { return high }
            }
        }
        return try refine(low: low, high: high, relativePrecision: relativePrecision) {
            log(try epsilon($0)) - log(targetEpsilon)
        }
    }

    /// Shrinks [low, high] — f(low) > 0 ≥ f(high), f decreasing — to `relativePrecision` and
    /// returns its upper end. Steps are Illinois regula falsi in log σ (log ε is nearly linear in
    /// log σ, so this needs a handful of accountant calls instead of a dozen), with a plain
    /// bisection step whenever an interpolation step fails to halve the bracket.
    /// Grid points and loss-interval factor of the coarse PLD accountant the search runs on
    /// before the fine one.
    static let coarseGridPoints = 1 << 17
    static let coarseInterval = 1e-3
    /// The relative width of the bracket below the coarse answer that the fine accountant refines.
    static let coarseBracket = 0.01

    static func refine(
        low: Double, high: Double, relativePrecision: Double, _ f: (Double) throws -> Double
    ) throws -> Double {
        var low = low, high = high
        var fLow = try f(low), fHigh = try f(high)
        var lastMoved = 0  // −1: low moved last, +1: high moved last
        var bisectNext = false
        while (high - low) > relativePrecision * high {
            let width = high - low
            var candidate = (low * high).squareRoot()
            if !bisectNext, fLow.isFinite, fHigh.isFinite, fLow != fHigh {
                let a = log(low), b = log(high)
                let interpolated = exp(a - fLow * (b - a) / (fHigh - fLow))
                // Keep strictly inside the bracket.
                candidate = min(max(interpolated, low + 0.001 * width), high - 0.001 * width)
            }
            let value = try f(candidate)
            if value > 0 {
                low = candidate; fLow = value
                if lastMoved == -1 { fHigh /= 2 }
                lastMoved = -1
            } else {
                high = candidate; fHigh = value
                if lastMoved == 1 { fLow /= 2 }
                lastMoved = 1
            }
            bisectNext = !bisectNext && (high - low) > 0.5 * width
        }
        return high
    }
}
