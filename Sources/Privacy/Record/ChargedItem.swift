import Foundation

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
    /// A one-line description in words (numbers to 6 significant digits; the JSON record keeps them exact).
    public var summary: String {
        func number(_ x: Double) -> String { String(format: "%.6g", x) }
        return switch self {
        case .poissonGaussian(let p):
            "DP-SGD: \(p.steps) steps, each on a Poisson sample (q = \(number(p.samplingRate))), gradients clipped to \(number(p.maxGradNorm)), noise σ = \(number(p.noiseMultiplier))"
        case .gaussian(let g):
            "\(g.purpose.isEmpty ? "Gaussian release" : g.purpose): \(g.count) release\(g.count == 1 ? "" : "s"), sensitivity \(number(g.sensitivity)), noise σ = \(number(g.noiseMultiplier))·sensitivity"
        case .discreteGaussian(let d):
            "\(d.purpose.isEmpty ? "integer counts" : d.purpose): \(d.count) count vector\(d.count == 1 ? "" : "s"), discrete Gaussian noise σ = \(number(d.noiseMultiplier)) (integers)"
        }
    }
}
