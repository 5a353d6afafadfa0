/// One line of "what was charged and how much": a mechanism in words and its own ε at the
/// record's δ (the total is composed, so these do not add up to it — composition is tighter).
public struct ChargedItem: Codable, Hashable, Sendable {
    public var description: String
    public var epsilonAlone: Double

    enum CodingKeys: String, CodingKey {
        case description
        case epsilonAlone = "epsilon_alone"
    }

    public init(description: String, epsilonAlone: Double) {
        self.description = description
        self.epsilonAlone = epsilonAlone
    }
}

extension PrivacyMechanism {
    /// A one-line description in words.
    public var summary: String {
        switch self {
        case .poissonGaussian(let p):
            "DP-SGD: \(p.steps) steps, each on a Poisson sample (q = \(p.samplingRate)), gradients clipped to \(p.maxGradNorm), noise σ = \(p.noiseMultiplier)"
        case .gaussian(let g):
            "\(g.purpose.isEmpty ? "Gaussian release" : g.purpose): \(g.count) release\(g.count == 1 ? "" : "s"), sensitivity \(g.sensitivity), noise σ = \(g.noiseMultiplier)·sensitivity"
        }
    }
}
