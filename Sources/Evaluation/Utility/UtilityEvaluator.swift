import ProfileGANSchema

/// Trains each ``Classifier`` on the synthetic rows (TSTR) and on the real training rows (TRTR) and
/// tests both on the real holdout.
enum UtilityEvaluator {
    static func evaluate(real: Table, synthetic: Table, holdout: Table, target: String, classifiers: [Classifier], seed: UInt64) throws(EvaluationError) -> UtilityScores {
        let classes = try targetClasses([real, synthetic, holdout], target: target)
        let (testRows, testLabels) = labelled(holdout, target: target, classes: classes)
        func scores(training: Table) -> ModelScores {
            let (rows, labels) = labelled(training, target: target, classes: classes)
            let encoder = FeatureEncoder(fitting: training.rows(rows), others: [real, synthetic, holdout], excluded: [target])
            let train = encoder.encode(training.rows(rows)), test = encoder.encode(holdout.rows(testRows))
            let models = classifiers.map { classifier in
                let p = classifier.fitAndPredict(train: train, labels: labels, classCount: classes.count, test: test, seed: seed)
                return Classifier.score(classifier.rawValue, probabilities: p, labels: testLabels, classCount: classes.count)
            }
            return ModelScores(accuracy: models[0].accuracy, auc: models[0].auc, models: models)
        }
        return UtilityScores(target: target, classes: classes, tstr: scores(training: synthetic), trtr: scores(training: real))
    }

    /// The target's classes across all tables (categories matched by text), checking the column is one
    /// a classifier can predict.
    static func targetClasses(_ tables: [Table], target: String) throws(EvaluationError) -> [String] {
        var classes: [String] = []
        for table in tables {
            switch table.column(named: target) {
            case .categorical(_, let categories)?:
                for c in categories where !classes.contains(c) { classes.append(c) }
            case .boolean?:
                classes = ["false", "true"]
            case nil:
                throw EvaluationError("the target column \"\(target)\" is not in the schema")
            default:
                throw EvaluationError("the target column \"\(target)\" must be categorical or boolean to train classifiers on it")
            }
        }
        guard classes.count >= 2 else { throw EvaluationError("the target column \"\(target)\" has fewer than two classes") }
        return classes
    }

    /// The rows whose target is present, and their class indices into `classes`.
    static func labelled(_ table: Table, target: String, classes: [String]) -> (rows: [Int], labels: [Int]) {
        var rows: [Int] = [], labels: [Int] = []
        switch table.column(named: target) {
        case let .categorical(codes, categories)?:
            let map = categories.map { classes.firstIndex(of: $0)! }
            for (r, code) in codes.enumerated() where code >= 0 { rows.append(r); labels.append(map[Int(code)]) }
        case let .boolean(values)?:
            for (r, v) in values.enumerated() where v >= 0 { rows.append(r); labels.append(Int(v)) }
        default:
            break
        }
        return (rows, labels)
    }
}
