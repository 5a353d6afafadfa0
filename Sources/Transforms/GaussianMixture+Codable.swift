/// Decoding checks what the initializer requires (parallel arrays, positive finite standard
/// deviations, positive total weight), so a damaged model file is an error, not a crash.
extension GaussianMixture {
    private enum CodingKeys: String, CodingKey { case weights, means, standardDeviations = "standard_deviations" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let weights = try c.decode([Double].self, forKey: .weights)
        let means = try c.decode([Double].self, forKey: .means)
        let deviations = try c.decode([Double].self, forKey: .standardDeviations)
        guard !weights.isEmpty, weights.count == means.count, means.count == deviations.count,
              weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.reduce(0, +) > 0, means.allSatisfy(\.isFinite),
              deviations.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw DecodingError.dataCorruptedError(forKey: .weights, in: c, debugDescription: "not a valid Gaussian mixture")
        }
        self.init(weights: weights, means: means, standardDeviations: deviations)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(weights, forKey: .weights)
        try c.encode(means, forKey: .means)
        try c.encode(standardDeviations, forKey: .standardDeviations)
    }
}
