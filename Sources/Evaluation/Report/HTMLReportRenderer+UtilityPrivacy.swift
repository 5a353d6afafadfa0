extension HTMLReportRenderer {
    func utilitySection() -> String {
        guard let u = report.utility else { return "" }
        let rows = zip(u.tstr.models, u.trtr.models).map { s, r in
            "<tr><td>\(s.model.replacingOccurrences(of: "_", with: " "))</td><td class=\"num\">\(HTMLText.percent(s.accuracy))</td><td class=\"num\">\(HTMLText.percent(r.accuracy))</td><td class=\"num\">\(HTMLText.number(s.auc))</td><td class=\"num\">\(HTMLText.number(r.auc))</td></tr>"
        }.joined()
        return """
            <section><h2>Utility: predicting \(HTMLText.escape(u.target))</h2>
            <p class="meta">Classes: \(u.classes.map(HTMLText.escape).joined(separator: ", ")). Both models are tested on the same real holdout rows.</p>
            <table><thead><tr><th>Model</th><th class="num">TSTR accuracy</th><th class="num">TRTR accuracy</th><th class="num">TSTR ROC-AUC</th><th class="num">TRTR ROC-AUC</th></tr></thead><tbody>\(rows)</tbody></table>
            </section>
            """
    }

    func privacySection() -> String {
        let p = report.privacy, dcr = p.dcr
        let h = dcr.histogram
        let total = max(1, h.synthetic.reduce(0, +)), holdoutTotal = max(1, h.holdout.reduce(0, +))
        let chart = SVGCharts.histogram(
            edges: h.edges, real: h.holdout.map { Double($0) / Double(holdoutTotal) }, synthetic: h.synthetic.map { Double($0) / Double(total) })
        let stats = """
            <table><thead><tr><th>Distance to closest training row</th><th class="num">Synthetic</th><th class="num">Holdout</th><th class="num">Ratio</th></tr></thead><tbody>
            <tr><td>Median</td><td class="num">\(HTMLText.number(dcr.syntheticMedian))</td><td class="num">\(HTMLText.number(dcr.holdoutMedian))</td><td class="num">\(HTMLText.number(dcr.medianRatio, 2))</td></tr>
            <tr><td>5th percentile</td><td class="num">\(HTMLText.number(dcr.syntheticP5))</td><td class="num">\(HTMLText.number(dcr.holdoutP5))</td><td class="num">\(HTMLText.number(dcr.p5Ratio, 2))</td></tr>
            <tr><td>Rows measured</td><td class="num">\(dcr.syntheticRows)</td><td class="num">\(dcr.holdoutRows)</td><td></td></tr>
            <tr><td>Exact copies of a training row</td><td class="num">\(HTMLText.percent(p.exactMatchRate, 2))</td><td class="num">\(HTMLText.percent(p.holdoutExactMatchRate, 2))</td><td></td></tr>
            </tbody></table>
            """
        var audit = ""
        if let mia = p.mia {
            let accountedRow = report.accounted.map {
                "<tr><td>Accounted guarantee (\(HTMLText.escape($0.accountant)))</td><td class=\"num\">\(HTMLText.number($0.epsilon, 3))</td><td class=\"num\">\(HTMLText.small($0.delta))</td><td>proved for the training algorithm</td></tr>"
            } ?? "<tr><td>Accounted guarantee</td><td class=\"num\">–</td><td class=\"num\">–</td><td>the model was not trained with differential privacy, or no model was given</td></tr>"
            let consistent = report.accounted.map { mia.epsilonLowerBound <= $0.epsilon
                ? "<p class=\"meta\">The attack's empirical ε stays below the accounted ε, as it must for a correct DP implementation.</p>"
                : "<p class=\"notice\"><strong>The empirical ε lower bound exceeds the accounted ε.</strong> Either the privacy accounting or the training implementation is wrong; do not release this data.</p>" } ?? ""
            audit = """
                <h3 style="margin-top:14px">Membership-inference audit</h3>
                <table><thead><tr><th></th><th class="num">ε</th><th class="num">δ</th><th>Meaning</th></tr></thead><tbody>
                \(accountedRow)
                <tr><td>Empirical lower bound (\(HTMLText.percent(mia.confidence, 0)) confidence)</td><td class="num">\(HTMLText.number(mia.epsilonLowerBound, 3))</td><td class="num">\(HTMLText.small(mia.delta))</td><td>what the distance attack proves, from \(mia.members) training and \(mia.nonMembers) holdout rows</td></tr>
                <tr><td>Attack ROC-AUC</td><td class="num" colspan="2">\(HTMLText.number(mia.auc))</td><td>0.5 = the attack cannot tell members from non-members</td></tr>
                </tbody></table>\(consistent)
                """
        }
        let copyRows = report.identifierCopies.map { c in
            "<tr><td>\(HTMLText.escape(c.column))</td><td class=\"num\">\(c.syntheticValues)</td><td class=\"num \(c.copies == 0 ? "good" : "poor")\">\(c.copies)</td></tr>"
        }.joined()
        let identifiers = copyRows.isEmpty ? "" : """
            <h3 style="margin-top:14px">Identifier and PII columns</h3>
            <p class="meta">Never learned: generation writes fresh values of the same shape. A synthetic value equal to a real one is a copy; expected 0.</p>
            <table><thead><tr><th>Column</th><th class="num">Synthetic values</th><th class="num">Equal to a real value</th></tr></thead><tbody>\(copyRows)</tbody></table>
            """
        return """
            <section><h2>Privacy</h2>
            <div class="two"><div class="plot"><div class="head"><h3>Distance to closest training row</h3><span><span class="key"><i style="background:\(SVGCharts.realColor)"></i>holdout <i style="background:\(SVGCharts.syntheticColor)"></i>synthetic</span></span></div>\(chart)</div>
            <div>\(stats)</div></div>
            <p class="notice"><strong>DCR is a heuristic, not a guarantee.</strong> A synthetic table whose rows are no closer to the training rows than unseen real rows are can still leak membership; rely on the accounted ε and the attack audit.</p>
            \(identifiers)
            \(audit)
            </section>
            """
    }
}
