/// Privacy checks of a synthetic table against the rows it was trained on.
///
/// Distance to closest record (DCR) is a **heuristic, not a guarantee**: datasets that pass DCR checks
/// have been shown vulnerable to membership inference. The accounted ε of a differentially private
/// model and the attack results are what count.
public struct PrivacyScores: Sendable, Codable, Equatable {
    /// Distances to the closest training row.
    public var dcr: DistanceToClosestRecord
    /// Share of synthetic rows identical (in every learned column) to some training row, over all rows.
    public var exactMatchRate: Double
    /// The same share for the real holdout rows: the rate expected from the data itself.
    public var holdoutExactMatchRate: Double?
    /// The distance-based membership-inference attack (needs a holdout).
    public var mia: MembershipInference?
    /// The feature encoding the distances are measured in.
    public var encoding: String
}

/// DCR summaries: synthetic rows' distance to their closest training row next to real holdout rows'.
public struct DistanceToClosestRecord: Sendable, Codable, Equatable {
    public var syntheticMedian: Double
    public var syntheticP5: Double
    public var holdoutMedian: Double?
    public var holdoutP5: Double?
    /// `syntheticMedian / holdoutMedian`: below 1 means synthetic rows sit closer to the training rows
    /// than unseen real rows do.
    public var medianRatio: Double?
    /// `syntheticP5 / holdoutP5`.
    public var p5Ratio: Double?
    /// Synthetic rows measured (a seeded sample when the table is larger than the configured cap).
    public var syntheticRows: Int
    /// Holdout rows measured.
    public var holdoutRows: Int
    /// Counts per distance bin, for the report's histogram.
    public var histogram: DistanceHistogram
}

/// A shared-bin histogram of synthetic and holdout DCRs.
public struct DistanceHistogram: Sendable, Codable, Equatable {
    /// `bins + 1` increasing edges.
    public var edges: [Double]
    public var synthetic: [Int]
    public var holdout: [Int]
}

/// A membership-inference attack that calls a row a training member when it lies close to a synthetic
/// row: training rows (members) and holdout rows (non-members), equally many, are scored by their
/// distance to the nearest synthetic row.
///
/// `epsilonLowerBound` is the ε any (ε, δ)-DP training must have had for the attack to do this well:
/// for each threshold t (a grid of 200 quantiles of the scores), with TP/FP the members/non-members at
/// distance ≤ t, the Clopper–Pearson one-sided bounds at 97.5% each (jointly ≥ 95%) give
/// `ε ≥ log((TPR_lo − δ) / FPR_hi)` and `ε ≥ log((TNR_lo − δ) / FNR_hi)`; the bound is the largest over
/// thresholds and both forms, and 0 if none is positive. The threshold is chosen on the same rows, so
/// treat the bound as an audit estimate rather than a certificate.
public struct MembershipInference: Sendable, Codable, Equatable {
    /// ROC-AUC of the attack (0.5 = no better than guessing).
    public var auc: Double?
    /// Empirical lower bound on ε at ``confidence``.
    public var epsilonLowerBound: Double
    /// The δ used in the bound.
    public var delta: Double
    /// Joint confidence of the bound.
    public var confidence: Double
    /// Training rows attacked.
    public var members: Int
    /// Holdout rows attacked.
    public var nonMembers: Int
}

/// A model's accounted privacy guarantee, to stand beside the empirical one.
public struct AccountedPrivacy: Sendable, Codable, Equatable {
    /// The ε of the (ε, δ)-DP guarantee the accountant proved.
    public var epsilon: Double
    public var delta: Double
    /// Which accountant (e.g. `rdp`, `pld`).
    public var accountant: String

    public init(epsilon: Double, delta: Double, accountant: String) {
        self.epsilon = epsilon
        self.delta = delta
        self.accountant = accountant
    }
}
