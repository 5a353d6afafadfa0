/// Machine-learning utility: does a classifier trained on the synthetic rows predict the target on real
/// held-out rows as well as one trained on the real training rows?
public struct UtilityScores: Sendable, Codable, Equatable {
    /// The predicted column.
    public var target: String
    /// Its classes, in code order.
    public var classes: [String]
    /// Train on synthetic, test on the real holdout.
    public var tstr: ModelScores
    /// Train on real (the training table), test on the real holdout.
    public var trtr: ModelScores
}

/// A model family's test scores; the top-level numbers are the logistic regression's.
public struct ModelScores: Sendable, Codable, Equatable {
    /// Share of holdout rows whose most probable class is right (logistic regression).
    public var accuracy: Double
    /// ROC-AUC (binary) or macro one-vs-rest ROC-AUC (multi-class) of the logistic regression;
    /// `nil` when the holdout holds a single class.
    public var auc: Double?
    /// Every model's scores, the logistic regression first.
    public var models: [NamedModelScore]
}

/// One model's test scores.
public struct NamedModelScore: Sendable, Codable, Equatable {
    /// `logistic_regression` or `gradient_boosted_trees`.
    public var model: String
    public var accuracy: Double
    public var auc: Double?
}
