import Foundation

/// Every number an evaluation produces. Its JSON form (``jsonData()``) is documented by
/// `schemas/evaluation-report.json`; ``html()`` renders the report people read.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// The dataset's name (from the schema).
    public var dataset: String
    /// Rows in each table.
    public var rows: RowCounts
    /// SDMetrics-compatible fidelity.
    public var quality: QualityScores
    /// Real-vs-synthetic classifier ROC-AUC.
    public var detection: DetectionScore
    /// Mean TVD of 3-way marginals.
    public var threeWayMarginals: ThreeWayMarginals
    /// TSTR vs TRTR (with a target and a holdout).
    public var utility: UtilityScores?
    /// DCR, exact copies, membership inference.
    public var privacy: PrivacyScores
    /// Per `pii` column: synthetic values equal to a real one (should be 0; not part of fidelity).
    public var identifierCopies: [IdentifierCopies] = []
    /// The model's accounted guarantee, when given.
    public var accounted: AccountedPrivacy?
    /// Per-column distributions for plotting.
    public var distributions: [ColumnDistribution]
    /// The seed the samples and folds used.
    public var seed: UInt64

    /// Row counts of the evaluated tables.
    public struct RowCounts: Sendable, Codable, Equatable {
        public var real: Int
        public var synthetic: Int
        public var holdout: Int?
    }

    /// Pretty-printed JSON with snake_case keys (`column_shapes`, `exact_match_rate`, …), sorted for stable diffs.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Plain value types always encode.
        return try! encoder.encode(self)
    }
}
