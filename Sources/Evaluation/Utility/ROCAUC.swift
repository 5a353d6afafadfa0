/// Area under the ROC curve, computed exactly as the Mann–Whitney U statistic with average ranks for
/// ties (so a constant score gives 0.5).
enum ROCAUC {
    /// AUC of `scores` for telling `positive` rows from the others; `nil` unless both groups are present.
    static func binary(scores: [Double], positive: [Bool]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var positives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where positive[order[k]] { rankSum += averageRank; positives += 1 }
            i = j + 1
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0, negatives > 0 else { return nil }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Macro one-vs-rest AUC: the mean over classes present among `labels` (and absent from some rows)
    /// of the binary AUC of that class's probability. `probabilities` is `rows × classCount` row-major.
    static func macroOneVsRest(probabilities: [Double], labels: [Int], classCount: Int) -> Double? {
        if classCount == 2 {
            return binary(scores: labels.indices.map { probabilities[$0 * 2 + 1] }, positive: labels.map { $0 == 1 })
        }
        var aucs: [Double] = []
        for c in 0..<classCount {
            let scores = labels.indices.map { probabilities[$0 * classCount + c] }
            if let auc = binary(scores: scores, positive: labels.map { $0 == c }) { aucs.append(auc) }
        }
        return aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count)
    }
}
