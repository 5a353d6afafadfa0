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
        func mechanisms(_ sigma: Double) -> [PrivacyMechanism] {
            alreadyCharged + [.poissonGaussian(samplingRate: samplingRate, noiseMultiplier: sigma, steps: steps, maxGradNorm: maxGradNorm)]
        }
        func epsilon(_ sigma: Double) throws -> Double {
            if let value = known[sigma] { return value }
            let value = try accountant.epsilon(composing: mechanisms(sigma), delta: delta)
            known[sigma] = value
            return value
        }
        // PLD is tighter than RDP, so the (cheap) RDP answer brackets the PLD one from above. A
        // fine PLD evaluation costs up to a second at small σ, a coarse one (loss interval 1e-3,
        // a pessimistic bound within a fraction of a percent of the fine one) a tenth of that: the
        // search runs on the coarse grid, and the fine accountant confirms its answer and, when the
        // two grids differ by more than the precision, steps along the slope of log ε(log σ) and
        // refines the bracket found there.
        var high: Double
        var low: Double
        if let pld = accountant as? PLDAccountant, pld.valueDiscretizationInterval < Self.coarseInterval {
            let coarse = PLDAccountant(valueDiscretizationInterval: Self.coarseInterval,
                                       maximumGridPoints: Self.coarseGridPoints, tailMassTruncation: pld.tailMassTruncation)
            high = try noiseMultiplier(
                targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: coarse, alreadyCharged: alreadyCharged, maxGradNorm: maxGradNorm,
                relativePrecision: max(relativePrecision, Self.coarsePrecision))
            let fineAtCoarse = try epsilon(high)
            if fineAtCoarse <= targetEpsilon {
                // d log ε / d log σ near the answer, from two coarse evaluations (cached by the
                // coarse accountant, so they cost nothing when the search visited them).
                let nearby = high * (1 - Self.coarseBracket)
                let slope = try (log(coarse.epsilon(composing: mechanisms(nearby), delta: delta))
                                 - log(coarse.epsilon(composing: mechanisms(high), delta: delta))) / log(nearby / high)
                guard slope < 0, slope.isFinite else { return high }
                let step = high * exp((log(targetEpsilon) - log(fineAtCoarse)) / slope)
                // Usually the coarse answer is already within the precision of the fine one.
                guard step < high * (1 - relativePrecision / 2) else { return high }
                let f = { (sigma: Double) in log(try epsilon(sigma)) - log(targetEpsilon) }
                if try f(step) > 0 {
                    return try refine(low: step, high: high, relativePrecision: relativePrecision, f)
                }
                // The step met the target too: bracket the root just below it and refine there.
                let below = step * (1 - 2 * relativePrecision)
                if try f(below) > 0 {
                    return try refine(low: below, high: step, relativePrecision: relativePrecision, f)
                }
                // Far off: the general search below, downwards from a σ that meets the target.
                high = below
                low = high
            } else {
                // The fine grid is the more pessimistic here: search upwards from the coarse answer.
                low = high
                high *= 1 + Self.coarseBracket
            }
        } else if accountant.kind == .pld {
            high = try noiseMultiplier(
                targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: RDPAccountant(), alreadyCharged: alreadyCharged, maxGradNorm: maxGradNorm,
                relativePrecision: relativePrecision)
            low = high
        } else {
            high = 1
            low = high
        }
        // Grow `high` until it meets the target, shrink `low` until it does not.
        while try epsilon(high) > targetEpsilon {
            low = high
            high *= 2
            guard high < 1e7 else {
                throw PrivacyParameterError.invalid(
                    "no noise multiplier reaches ε ≤ \(targetEpsilon) at δ = \(delta) (the other charged mechanisms may already exceed it)")
            }
        }
        if low == high, accountant.kind == .pld {
            // ε(σ) is close to a power law near the answer: step from the RDP answer along the RDP
            // curve's local slope and bracket the guess tightly, instead of searching [0.85σ, σ].
            let rdp = RDPAccountant(), nearby = high * (1 - Self.coarseBracket)
            let slope = try (log(rdp.epsilon(composing: mechanisms(nearby), delta: delta))
                             - log(rdp.epsilon(composing: mechanisms(high), delta: delta))) / log(nearby / high)
            if slope < 0, slope.isFinite {
                let guess = high * exp((log(targetEpsilon) - log(try epsilon(high))) / slope)
                let above = guess * (1 + Self.guessBracket), below = guess * (1 - Self.guessBracket)
                if above < high, try epsilon(above) <= targetEpsilon { high = above }
                if try epsilon(below) > targetEpsilon { low = below }
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

    /// Grid points and loss-interval factor of the coarse PLD accountant the search runs on
    /// before the fine one.
    static let coarseGridPoints = 1 << 17
    static let coarseInterval = 1e-3
    /// The relative width below the coarse answer over which the slope is measured, and the first
    /// step upwards when the fine grid is the more pessimistic.
    static let coarseBracket = 0.01
    /// The relative half-width of the bracket around the power-law guess from the RDP answer.
    static let guessBracket = 0.003
    /// How closely the coarse search brackets its answer: the fine step along the slope does the rest.
    static let coarsePrecision = 1e-3

    /// Shrinks [low, high] — f(low) > 0 ≥ f(high), f decreasing — to `relativePrecision` and
    /// returns its upper end. Steps are Illinois regula falsi in log σ (log ε is nearly linear in
    /// log σ, so this needs a handful of accountant calls instead of a dozen), with a plain
    /// bisection step whenever an interpolation step fails to halve the bracket.
    static func refine(
        low: Double, high: Double, relativePrecision: Double, _ f: (Double) throws -> Double
    ) throws -> Double {
        var low = low, high = high
        var fLow = try f(low), fHigh = try f(high)
        var lastMoved = 0  // −1: low moved last, +1: high moved last
        var bisectNext = false
        while (high - low) > relativePrecision * high {
            // f is nearly linear in log σ: once f(high) is within the precision's worth of the
            // bracket's slope of zero, the root is within `relativePrecision` below `high`.
            let slope = (fLow - fHigh) / (log(high) - log(low))
            if fHigh <= 0, fLow.isFinite, slope.isFinite, slope > 0, -fHigh <= slope * relativePrecision / 2 { break }
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
