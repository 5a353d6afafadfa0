extension HTMLReportRenderer {
    func summarySection() -> String {
        let q = report.quality, p = report.privacy
        var cards = card(
            "Quality (SDMetrics-compatible)", big: HTMLText.percent(q.overall), grade: Self.grade(q.overall, good: 0.85, fair: 0.7),
            rows: [
                ("Column shapes", HTMLText.percent(q.columnShapes)), ("Column pair trends", HTMLText.percent(q.columnPairTrends)),
                ("3-way marginal TVD", HTMLText.number(report.threeWayMarginals.meanTVD)),
            ])
        let detection = report.detection.auc
        cards += card(
            "Detection ROC-AUC", big: HTMLText.number(detection), grade: Self.grade(detection.map { 1 - abs($0 - 0.5) * 2 }, good: 0.8, fair: 0.4),
            rows: [("Meaning", "0.5 = indistinguishable"), ("Classifier", "logistic regression, \(report.detection.folds)-fold CV")])
        if let u = report.utility {
            let gap = (u.tstr.auc ?? 0) - (u.trtr.auc ?? 0)
            cards += card(
                "Utility: TSTR ROC-AUC (\(HTMLText.escape(u.target)))", big: HTMLText.number(u.tstr.auc),
                grade: Self.grade(gap, good: -0.03, fair: -0.1),
                rows: [
                    ("Train on real (TRTR)", HTMLText.number(u.trtr.auc)), ("TSTR accuracy", HTMLText.percent(u.tstr.accuracy)),
                    ("TRTR accuracy", HTMLText.percent(u.trtr.accuracy)),
                ])
        }
        var privacyRows = [
            ("Exact copies of training rows", HTMLText.percent(p.exactMatchRate, 2)),
            ("DCR median, synthetic / holdout", HTMLText.number(p.dcr.medianRatio, 2)),
        ]
        if let mia = p.mia {
            privacyRows += [("Attack ROC-AUC", HTMLText.number(mia.auc)), ("Empirical ε lower bound", HTMLText.number(mia.epsilonLowerBound, 2))]
        }
        let accounted = report.accounted.map { "ε = \(HTMLText.number($0.epsilon, 2))" } ?? "no DP model"
        privacyRows.append(("Accounted guarantee", accounted))
        let miaGrade = Self.grade(p.mia?.auc.map { 1 - abs($0 - 0.5) * 2 }, good: 0.9, fair: 0.7)
        cards += card("Privacy", big: report.accounted.map { "ε \(HTMLText.number($0.epsilon, 2))" } ?? HTMLText.number(p.mia?.auc), grade: report.accounted == nil ? miaGrade : "good", rows: privacyRows, bigCaption: report.accounted == nil ? "attack ROC-AUC" : "accounted (δ = \(HTMLText.small(report.accounted!.delta)))")
        return """
            <section><div class="cards">\(cards)</div>
            <p class="notice"><strong>Distance to closest record is a heuristic, not a privacy guarantee.</strong> Datasets that pass DCR checks have been shown to be vulnerable to membership inference. What counts is the accounted ε of a differentially private model and the results of actual attacks (below).</p></section>
            """
    }

    private func card(_ title: String, big: String, grade: String, rows: [(String, String)], bigCaption: String? = nil) -> String {
        let list = rows.map { "<dt>\(HTMLText.escape($0.0))</dt><dd>\($0.1)</dd>" }.joined()
        let caption = bigCaption.map { "<div class=\"meta\" style=\"font-size:12px\">\(HTMLText.escape($0))</div>" } ?? ""
        return "<div class=\"card\"><div class=\"label\">\(HTMLText.escape(title))</div><div class=\"big \(grade)\">\(big)</div>\(caption)<dl>\(list)</dl></div>"
    }

    func methodsSection() -> String {
        """
        <section class="methods"><h2>How these numbers are computed</h2><dl>
        <dt>Quality</dt><dd>As SDMetrics 0.32's QualityReport: column shapes average KSComplement (continuous, missing cells dropped) and TVComplement (categorical, boolean; multilabel columns average it over their label indicators); column pair trends average CorrelationSimilarity (Pearson, both continuous) and ContingencySimilarity (otherwise; continuous columns cut into ten equal-width bins per table). Quality is the mean of the two.</dd>
        <dt>Detection</dt><dd>ROC-AUC of an L2-regularized logistic regression telling real from synthetic rows, out of fold, on equally many rows of each.</dd>
        <dt>3-way marginals</dt><dd>Total variation distance between real and synthetic joint distributions of column triples (continuous columns in ten bins over the real range), averaged over \(report.threeWayMarginals.triplesScored) of \(report.threeWayMarginals.triplesTotal) triples\(report.threeWayMarginals.triplesScored < report.threeWayMarginals.triplesTotal ? " (a seeded sample)" : "").</dd>
        <dt>Utility</dt><dd>Classifiers trained on synthetic rows (TSTR) or real training rows (TRTR), tested on the real holdout; ROC-AUC is macro one-vs-rest for more than two classes.</dd>
        <dt>Privacy</dt><dd>Distances: \(HTMLText.escape(report.privacy.encoding)). The attack calls the rows closest to a synthetic row training members; the ε bound uses Clopper–Pearson bounds on its true- and false-positive rates (see the JSON schema for the formula).</dd>
        </dl></section>
        """
    }
}
