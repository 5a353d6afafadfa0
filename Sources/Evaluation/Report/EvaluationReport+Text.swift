extension EvaluationReport {
    /// A few lines for a terminal: the headline numbers of each part.
    public func summaryText() -> String {
        var lines = [
            "quality \(HTMLText.number(quality.overall)) (column shapes \(HTMLText.number(quality.columnShapes)), column pair trends \(HTMLText.number(quality.columnPairTrends)))",
            "detection ROC-AUC \(HTMLText.number(detection.auc)) (0.5 = indistinguishable); 3-way marginal TVD \(HTMLText.number(threeWayMarginals.meanTVD))",
        ]
        if let u = utility {
            lines.append("utility (\(u.target)): TSTR ROC-AUC \(HTMLText.number(u.tstr.auc)), TRTR \(HTMLText.number(u.trtr.auc)); accuracy \(HTMLText.percent(u.tstr.accuracy)) vs \(HTMLText.percent(u.trtr.accuracy))")
        }
        let d = privacy.dcr
        lines.append("privacy: exact copies \(HTMLText.percent(privacy.exactMatchRate, 2)); DCR median \(HTMLText.number(d.syntheticMedian)) vs holdout \(HTMLText.number(d.holdoutMedian)) (ratio \(HTMLText.number(d.medianRatio, 2)); a heuristic, not a guarantee)")
        if let mia = privacy.mia {
            lines.append("membership inference: ROC-AUC \(HTMLText.number(mia.auc)), empirical ε ≥ \(HTMLText.number(mia.epsilonLowerBound, 2)) at \(HTMLText.percent(mia.confidence, 0)) (δ = \(HTMLText.small(mia.delta)))")
        }
        for c in identifierCopies {
            lines.append("pii \(c.column): \(c.copies) of \(c.syntheticValues) synthetic values equal a real one\(c.copies == 0 ? "" : " — check the column's shape")")
        }
        if let a = accounted { lines.append("accounted: ε = \(HTMLText.number(a.epsilon, 3)), δ = \(HTMLText.small(a.delta)) (\(a.accountant))") }
        return lines.joined(separator: "\n")
    }
}
