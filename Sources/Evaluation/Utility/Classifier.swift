/// The classifiers the utility and detection scores train: each fits on encoded features and labels
/// and returns class probabilities.
enum Classifier: String, CaseIterable, Sendable {
    case logisticRegression = "logistic_regression"
    case gradientBoostedTrees = "gradient_boosted_trees"

    /// Fits on `train` and returns the probabilities for `test` (`rows × classCount`, row-major).
    func fitAndPredict(train: FeatureMatrix, labels: [Int], classCount: Int, test: FeatureMatrix, seed: UInt64) -> [Double] {
        switch self {
        case .logisticRegression:
            LogisticRegression(features: train, labels: labels, classCount: classCount).probabilities(test)
        case .gradientBoostedTrees:
            GradientBoostedTrees(features: train, labels: labels, classCount: classCount).probabilities(test)
        }
    }

    /// Accuracy and AUC of `probabilities` against `labels`.
    static func score(_ name: String, probabilities: [Double], labels: [Int], classCount: Int) -> NamedModelScore {
        var correct = 0
        for (r, label) in labels.enumerated() {
            var best = 0
            for c in 1..<classCount where probabilities[r * classCount + c] > probabilities[r * classCount + best] { best = c }
            if best == label { correct += 1 }
        }
        return NamedModelScore(
            model: name, accuracy: labels.isEmpty ? 0 : Double(correct) / Double(labels.count),
            auc: ROCAUC.macroOneVsRest(probabilities: probabilities, labels: labels, classCount: classCount))
    }
}
