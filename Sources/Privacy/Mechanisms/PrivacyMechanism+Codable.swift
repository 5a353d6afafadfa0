extension PrivacyMechanism: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind
        case samplingRate = "sampling_rate"
        case noiseMultiplier = "noise_multiplier"
        case steps
        case maxGradNorm = "max_grad_norm"
        case sensitivity, count, purpose
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "poisson_gaussian":
            self = .poissonGaussian(PoissonGaussianParameters(
                samplingRate: try c.decode(Double.self, forKey: .samplingRate),
                noiseMultiplier: try c.decode(Double.self, forKey: .noiseMultiplier),
                steps: try c.decode(Int.self, forKey: .steps),
                maxGradNorm: try c.decode(Double.self, forKey: .maxGradNorm)))
        case "gaussian":
            self = .gaussian(GaussianReleaseParameters(
                noiseMultiplier: try c.decode(Double.self, forKey: .noiseMultiplier),
                sensitivity: try c.decode(Double.self, forKey: .sensitivity),
                count: try c.decode(Int.self, forKey: .count),
                purpose: try c.decodeIfPresent(String.self, forKey: .purpose) ?? ""))
        case "discrete_gaussian":
            self = .discreteGaussian(DiscreteGaussianParameters(
                noiseMultiplier: try c.decode(Double.self, forKey: .noiseMultiplier),
                count: try c.decode(Int.self, forKey: .count),
                purpose: try c.decodeIfPresent(String.self, forKey: .purpose) ?? ""))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "unknown mechanism kind \"\(kind)\" (expected poisson_gaussian, discrete_gaussian or gaussian)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .poissonGaussian(let p):
            try c.encode(p.samplingRate, forKey: .samplingRate)
            try c.encode(p.noiseMultiplier, forKey: .noiseMultiplier)
            try c.encode(p.steps, forKey: .steps)
            try c.encode(p.maxGradNorm, forKey: .maxGradNorm)
        case .gaussian(let g):
            try c.encode(g.noiseMultiplier, forKey: .noiseMultiplier)
            try c.encode(g.sensitivity, forKey: .sensitivity)
            try c.encode(g.count, forKey: .count)
            try c.encode(g.purpose, forKey: .purpose)
        case .discreteGaussian(let d):
            try c.encode(d.noiseMultiplier, forKey: .noiseMultiplier)
            try c.encode(d.count, forKey: .count)
            try c.encode(d.purpose, forKey: .purpose)
        }
    }
}
