import ProfileGANRandom
import ProfileGANSchema

/// How easily a classifier tells real rows from synthetic ones: the mean ROC-AUC of a logistic
/// regression over k-fold cross-validation on a balanced sample (0.5 = indistinguishable, 1 = always
/// told apart). Complements the quality score, which only looks at one and two columns at a time.
public struct DetectionScore: Sendable, Codable, Equatable {
    /// Mean out-of-fold ROC-AUC.
    public var auc: Double?
    /// The classifier (`logistic_regression`).
    public var model: String
    /// Cross-validation folds.
    public var folds: Int
    /// Rows drawn from each table (the smaller table's size, capped).
    public var rowsPerTable: Int
}

extension DetectionScore {
    static func compute(real: Table, synthetic: Table, maxRowsPerTable: Int, folds: Int, seed: UInt64) -> DetectionScore {
        var generator = SeededGenerator(seed: seed, stream: 5)
        let perTable = min(real.rowCount, synthetic.rowCount, maxRowsPerTable)
        let realSample = real.rows(Sampling.indices(count: perTable, from: real.rowCount, using: &generator))
        let syntheticSample = synthetic.rows(Sampling.indices(count: perTable, from: synthetic.rowCount, using: &generator))
        let encoder = FeatureEncoder(fitting: realSample, others: [syntheticSample])
        let x = encoder.encode(realSample).stacked(on: encoder.encode(syntheticSample))
        let labels = [Int](repeating: 0, count: perTable) + [Int](repeating: 1, count: perTable)
        guard perTable >= folds, folds >= 2 else {
            return DetectionScore(auc: nil, model: Classifier.logisticRegression.rawValue, folds: folds, rowsPerTable: perTable)
        }
        // Each fold holds the same number of real and synthetic rows.
        let order = Sampling.indices(count: perTable, from: perTable, using: &generator)
        var fold = [Int](repeating: 0, count: 2 * perTable)
        for (position, r) in order.enumerated() { fold[r] = position % folds; fold[perTable + r] = (position + 1) % folds }
        var aucs: [Double] = []
        for k in 0..<folds {
            let trainRows = fold.indices.filter { fold[$0] != k }, testRows = fold.indices.filter { fold[$0] == k }
            let p = Classifier.logisticRegression.fitAndPredict(
                train: x.gathering(trainRows), labels: trainRows.map { labels[$0] }, classCount: 2, test: x.gathering(testRows), seed: seed)
            if let auc = ROCAUC.macroOneVsRest(probabilities: p, labels: testRows.map { labels[$0] }, classCount: 2) { aucs.append(auc) }
        }
        return DetectionScore(auc: QualityScores.mean(aucs), model: Classifier.logisticRegression.rawValue, folds: folds, rowsPerTable: perTable)
    }
}
