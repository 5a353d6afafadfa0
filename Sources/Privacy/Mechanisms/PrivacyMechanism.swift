/// A randomized computation on private rows that is charged to the privacy budget.
///
/// Every release that reads private data is described by one of these, so that ε can be
/// recomputed from the record alone. The accountants compose lists of mechanisms of both kinds
/// (heterogeneous composition).
///
/// JSON form (keys are part of the model-audit format that independent tools read):
/// ```json
/// {"kind": "poisson_gaussian", "sampling_rate": 0.01, "noise_multiplier": 1.1, "steps": 3000, "max_grad_norm": 1.0}
/// {"kind": "gaussian", "noise_multiplier": 8.0, "sensitivity": 1.0, "count": 2, "purpose": "category frequencies"}
/// ```
public enum PrivacyMechanism: Hashable, Sendable {
    /// DP-SGD: Poisson-subsampled Gaussian mechanism composed over `steps` steps.
    case poissonGaussian(PoissonGaussianParameters)
    /// Plain (non-subsampled) Gaussian releases in floating point (kept for records written before
    /// counts were released with the discrete Gaussian).
    case gaussian(GaussianReleaseParameters)
    /// Integer count vectors with exact discrete Gaussian noise: histograms, marginals, the row count.
    case discreteGaussian(DiscreteGaussianParameters)

    /// Convenience for a DP-SGD run.
    public static func poissonGaussian(
        samplingRate: Double, noiseMultiplier: Double, steps: Int, maxGradNorm: Double = 1.0
    ) -> PrivacyMechanism {
        .poissonGaussian(PoissonGaussianParameters(
            samplingRate: samplingRate, noiseMultiplier: noiseMultiplier, steps: steps, maxGradNorm: maxGradNorm))
    }

    /// Convenience for Gaussian releases.
    public static func gaussian(
        noiseMultiplier: Double, sensitivity: Double = 1, count: Int = 1, purpose: String
    ) -> PrivacyMechanism {
        .gaussian(GaussianReleaseParameters(
            noiseMultiplier: noiseMultiplier, sensitivity: sensitivity, count: count, purpose: purpose))
    }

    /// Convenience for discrete Gaussian count releases.
    public static func discreteGaussian(noiseMultiplier: Double, count: Int = 1, purpose: String) -> PrivacyMechanism {
        .discreteGaussian(DiscreteGaussianParameters(noiseMultiplier: noiseMultiplier, count: count, purpose: purpose))
    }

    /// The `kind` string used in JSON.
    public var kind: String {
        switch self {
        case .poissonGaussian: "poisson_gaussian"
        case .gaussian: "gaussian"
        case .discreteGaussian: "discrete_gaussian"
        }
    }

    /// Checks that the parameters describe a valid mechanism.
    public func validate() throws {
        switch self {
        case .poissonGaussian(let p):
            guard p.samplingRate > 0, p.samplingRate <= 1 else {
                throw PrivacyParameterError.invalid("sampling rate must be in (0, 1], got \(p.samplingRate)")
            }
            guard p.noiseMultiplier > 0, p.noiseMultiplier.isFinite else {
                throw PrivacyParameterError.invalid("noise multiplier must be positive, got \(p.noiseMultiplier)")
            }
            guard p.steps >= 1 else { throw PrivacyParameterError.invalid("steps must be at least 1, got \(p.steps)") }
            guard p.maxGradNorm > 0, p.maxGradNorm.isFinite else {
                throw PrivacyParameterError.invalid("max gradient norm must be positive, got \(p.maxGradNorm)")
            }
        case .gaussian(let g):
            guard g.noiseMultiplier > 0, g.noiseMultiplier.isFinite else {
                throw PrivacyParameterError.invalid("noise multiplier must be positive, got \(g.noiseMultiplier)")
            }
            guard g.sensitivity > 0, g.sensitivity.isFinite else {
                throw PrivacyParameterError.invalid("sensitivity must be positive, got \(g.sensitivity)")
            }
            guard g.count >= 1 else { throw PrivacyParameterError.invalid("count must be at least 1, got \(g.count)") }
        case .discreteGaussian(let d):
            guard d.noiseMultiplier > 0, d.noiseMultiplier <= DiscreteGaussian.largestNoiseMultiplier else {
                throw PrivacyParameterError.invalid("discrete Gaussian σ must be in (0, \(DiscreteGaussian.largestNoiseMultiplier)], got \(d.noiseMultiplier)")
            }
            guard d.count >= 1 else { throw PrivacyParameterError.invalid("count must be at least 1, got \(d.count)") }
        }
    }

    /// The mechanism as (sampling rate, noise multiplier, repetitions) for the RDP accountant. A
    /// Gaussian release is the q = 1 case; `count` releases at multiplier σ are exactly one
    /// release at σ/√count (their sum of squared sensitivities adds up). A discrete Gaussian count
    /// vector has the continuous one's RDP curve α/(2σ²) (Canonne, Kamath & Steinke 2020, Thm 4).
    var accountingForm: (samplingRate: Double, noiseMultiplier: Double, repetitions: Int) {
        switch self {
        case .poissonGaussian(let p): (p.samplingRate, p.noiseMultiplier, p.steps)
        case .gaussian(let g): (1, g.noiseMultiplier, g.count)
        case .discreteGaussian(let d): (1, d.noiseMultiplier, d.count)
        }
    }
}
