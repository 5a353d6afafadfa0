/// What to evaluate and how hard to work at it.
public struct EvaluationOptions: Sendable {
    /// The column the utility classifiers predict (categorical or boolean); utility needs a holdout too.
    public var target: String?
    /// The model's accounted guarantee, shown beside the empirical ε (and its δ used in the attack bound).
    public var accounted: AccountedPrivacy?
    /// δ for the empirical ε bound when no accounted δ is given.
    public var delta: Double = 1e-5
    /// Seed for every sample and fold assignment: the same inputs and seed give the same report.
    public var seed: UInt64 = 0
    /// Synthetic and holdout rows whose nearest training row is measured for DCR, and rows per side in
    /// the membership-inference attack (a seeded sample above this; `0` = all rows). The reference side
    /// (all training or synthetic rows) is never sampled.
    public var privacyQueryRows: Int = 5_000
    /// Rows per table in the detection classifier's cross-validation.
    public var detectionRows: Int = 10_000
    /// Cross-validation folds for detection.
    public var detectionFolds: Int = 5
    /// 3-way marginals scored at most (a seeded sample of triples above this).
    public var maxTriples: Int = 1_000
    /// Also train gradient-boosted trees for utility (beside logistic regression).
    public var gradientBoosting: Bool = true

    public init(target: String? = nil, accounted: AccountedPrivacy? = nil) {
        self.target = target
        self.accounted = accounted
    }
}
