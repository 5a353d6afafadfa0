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
        func epsilon(_ sigma: Double) throws -> Double {
            try accountant.epsilon(
                composing: alreadyCharged + [.poissonGaussian(
                    samplingRate: samplingRate, noiseMultiplier: sigma, steps: steps, maxGradNorm: maxGradNorm)],
                delta: delta)
        }
        // PLD is tighter than RDP, so the (cheap) RDP answer brackets the PLD one from above.
        var high: Double
        if accountant.kind == .pld {
            high = try noiseMultiplier(
                targetEpsilon: targetEpsilon, samplingRate: samplingRate, steps: steps, delta: delta,
                accountant: RDPAccountant(), alreadyCharged: alreadyCharged, maxGradNorm: maxGradNorm,
                relativePrecision: relativePrecision)
        } else {
            high = 1
        }
        var low = high
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
        while (high - low) > relativePrecision * high {
            let mid = (low * high).squareRoot()
            if try epsilon(mid) > targetEpsilon { low = mid } else { high = mid }
        }
        return high
    }
}
