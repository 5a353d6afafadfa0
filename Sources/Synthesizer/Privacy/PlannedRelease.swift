import ProfileGANPrivacy
import ProfileGANRandom

/// One count vector a DP fit releases: what is counted, how many cells, its sensitivity, its noise
/// and mechanism. ``PrivateTrainingPlan/releases`` lists every one before any is made; the fit
/// runs exactly that list (``run(counts:using:)`` checks each against its entry) and the charged
/// mechanisms are derived from it, so what is released is what is charged.
public struct PlannedRelease: Sendable, Equatable {
    /// What is counted.
    public enum Subject: Sendable, Equatable, CustomStringConvertible {
        /// The number of rows (one cell).
        case rowCount
        /// A continuous column's histogram for the mode-specific normalization.
        case histogram(column: String)
        /// A one-way marginal: a conditionable block's category counts, or a min-max continuous
        /// column's histogram.
        case marginal(column: String)
        /// A two-way marginal of two marginal columns (row-major cells).
        case pair(String, String)
        /// Every category count of a many-valued categorical column (then its missing count when
        /// nullable): picks the categories singled out of the rare bucket, the bucket's draw law
        /// and the column's one-way marginal.
        case categoryCounts(column: String)

        public var description: String {
            switch self {
            case .rowCount: "row count"
            case .histogram(let column): "histogram of \(column)"
            case .marginal(let column): "marginal of \(column)"
            case .pair(let a, let b): "marginal of \(a) × \(b)"
            case .categoryCounts(let column): "category counts of \(column)"
            }
        }
    }

    /// Which charged mechanism a release belongs to (one mechanism per group, `count` = its releases).
    public enum Group: String, Sendable, Equatable, CaseIterable {
        case rowCount = "row count"
        case histograms = "continuous-column histograms"
        /// Released before the transformer is built (it decides the rare buckets), with the
        /// marginals' noise scale.
        case categoryCounts = "category counts of many-valued columns"
        case marginals = "marginals"
    }

    public let subject: Subject
    public let group: Group
    /// Cells of the count vector.
    public let cells: Int
    /// How much one person changes the vector: 1 in one cell (L1 = L2 = 1).
    public let sensitivity: Int
    /// σ of the discrete Gaussian noise N_ℤ(0, σ²) on every cell (σ² a multiple of 1/1024).
    public let noiseMultiplier: Double
    /// The mechanism's kind in the privacy record.
    public var mechanism: String { "discrete_gaussian" }

    init(subject: Subject, group: Group, cells: Int, noiseMultiplier: Double) {
        self.subject = subject
        self.group = group
        self.cells = cells
        self.sensitivity = 1
        self.noiseMultiplier = noiseMultiplier
    }

    /// Releases `counts` (exact, one per cell, each person in exactly one cell) with this entry's
    /// noise: integers. Throws if the vector is not the one planned.
    public func run<G: RandomNumberGenerator>(counts: [Int], using generator: inout G) throws -> [Int] {
        guard counts.count == cells else {
            throw SynthesizerError.privacy("internal check failed: the \(subject) has \(counts.count) cells, the plan charged \(cells); nothing was released")
        }
        let variance = try DiscreteGaussian.variance(forNoiseMultiplier: noiseMultiplier)
        guard variance.sigma == noiseMultiplier else {
            throw SynthesizerError.privacy("internal check failed: σ = \(noiseMultiplier) of the \(subject) is not a planned discrete Gaussian scale")
        }
        return counts.map { $0 + DiscreteGaussian.sample(varianceNumerator: variance.numerator, using: &generator) }
    }

    /// The mechanisms charged for `releases`: one discrete Gaussian per group, in group order, with
    /// `count` = the group's releases. Throws if a group mixes noise scales.
    static func mechanisms(charging releases: [PlannedRelease], marginalPurpose: String) throws -> [PrivacyMechanism] {
        try Group.allCases.compactMap { group in
            let members = releases.filter { $0.group == group }
            guard let sigma = members.first?.noiseMultiplier else { return nil }
            guard members.allSatisfy({ $0.noiseMultiplier == sigma && $0.sensitivity == 1 }) else {
                throw SynthesizerError.privacy("internal check failed: the \(group.rawValue) mix noise scales")
            }
            let purpose = group == .marginals ? marginalPurpose : group.rawValue
            return .discreteGaussian(noiseMultiplier: sigma, count: members.count, purpose: purpose)
        }
    }
}
