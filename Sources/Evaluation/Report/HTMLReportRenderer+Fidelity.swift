extension HTMLReportRenderer {
    func columnsSection() -> String {
        let scores = Dictionary(report.quality.columns.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        let plots = report.distributions.map { d -> String in
            let chart = d.kind == "continuous"
                ? SVGCharts.histogram(edges: d.edges ?? [], real: d.real, synthetic: d.synthetic)
                : SVGCharts.pairedBars(labels: d.bars, real: d.real, synthetic: d.synthetic, maxBars: Self.chartBars,
                                       rotateLabels: d.bars.count > 6 || (d.bars.map(\.count).max() ?? 0) > 6)
            let score = scores[d.column]
            let missing = d.realMissing > 0 || d.syntheticMissing > 0
                ? " · missing \(HTMLText.percent(d.realMissing)) / \(HTMLText.percent(d.syntheticMissing))" : ""
            let what = d.kind == "multilabel" ? "label rates" : d.kind
            return "<div class=\"plot\"><div class=\"head\"><h3>\(HTMLText.escape(d.column))</h3><span>\(what) · \(score?.metric ?? "") <b class=\"\(Self.grade(score?.score, good: 0.9, fair: 0.75))\">\(HTMLText.number(score?.score))</b>\(missing)</span></div>\(chart)\(Self.topCategories(d))</div>"
        }
        return "<section><h2>Column shapes</h2><div class=\"plots\">\(plots.joined())</div></section>"
    }

    /// Bars a category chart shows at most (the most frequent in the real table).
    static let chartBars = 20

    /// For a categorical column with more categories than its chart shows (a city column): the
    /// `k` most frequent real categories with both shares and everything else summed, so the
    /// chart's cut is visible and the long tail is not silently dropped.
    static func topCategories(_ d: ColumnDistribution, k: Int = 10) -> String {
        guard d.kind == "categorical", d.bars.count > chartBars else { return "" }
        let top = d.bars.indices.sorted { d.real[$0] != d.real[$1] ? d.real[$0] > d.real[$1] : $0 < $1 }.prefix(k)
        let otherReal = max(0, 1 - top.reduce(0) { $0 + d.real[$1] }), otherSynthetic = max(0, 1 - top.reduce(0) { $0 + d.synthetic[$1] })
        let inReal = d.real.filter { $0 > 0 }.count, inSynthetic = d.synthetic.filter { $0 > 0 }.count
        let rows = top.map { i in
            "<tr><td>\(HTMLText.escape(d.bars[i]))</td><td class=\"num\">\(HTMLText.percent(d.real[i], 1))</td><td class=\"num\">\(HTMLText.percent(d.synthetic[i], 1))</td></tr>"
        }.joined()
        return """
            <p class="meta">Top \(top.count) of \(d.bars.count) categories by real share (the chart shows the top \(chartBars)); \(inReal) occur in the real table, \(inSynthetic) in the synthetic one.</p>
            <table><thead><tr><th>Category</th><th class="num">Real</th><th class="num">Synthetic</th></tr></thead><tbody>\(rows)<tr><td>the other \(d.bars.count - top.count)</td><td class="num">\(HTMLText.percent(otherReal, 1))</td><td class="num">\(HTMLText.percent(otherSynthetic, 1))</td></tr></tbody></table>
            """
    }

    func pairsSection() -> String {
        let names = report.quality.columns.map(\.column)
        let shown = Array(names.prefix(40))
        let position = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1, $0) })
        var real = [[Double?]](repeating: [Double?](repeating: nil, count: shown.count), count: shown.count)
        var synthetic = real, difference = real
        for i in shown.indices { real[i][i] = 1; synthetic[i][i] = 1; difference[i][i] = 0 }
        for pair in report.quality.pairs {
            guard let i = position[pair.columns[0]], let j = position[pair.columns[1]] else { continue }
            real[i][j] = pair.realAssociation; real[j][i] = pair.realAssociation
            synthetic[i][j] = pair.syntheticAssociation; synthetic[j][i] = pair.syntheticAssociation
            let d = pair.score.map { 1 - $0 }
            difference[i][j] = d; difference[j][i] = d
        }
        let note = names.count > shown.count ? "<p class=\"meta\">Heat maps show the first \(shown.count) of \(names.count) columns; the table and the JSON cover every pair.</p>" : ""
        let worst = report.quality.pairs.filter { $0.score != nil }.sorted { $0.score! < $1.score! }.prefix(10)
        let rows = worst.map { p in
            "<tr><td>\(HTMLText.escape(p.columns.joined(separator: " × ")))</td><td>\(p.metric)</td><td class=\"num\">\(HTMLText.number(p.realAssociation, 2))</td><td class=\"num\">\(HTMLText.number(p.syntheticAssociation, 2))</td><td class=\"num \(Self.grade(p.score, good: 0.9, fair: 0.75))\">\(HTMLText.number(p.score))</td></tr>"
        }.joined()
        return """
            <section><h2>Column pair trends</h2>
            <p class="meta">Association: Pearson's ρ for two continuous columns (blue positive, red negative), Cramér's V otherwise. The difference map shows 1 − pair score.</p>\(note)
            <div class="heatmaps">
            <figure><h3>Real</h3>\(SVGCharts.heatMap(names: shown, values: real, signed: true, color: SVGCharts.realColor))</figure>
            <figure><h3>Synthetic</h3>\(SVGCharts.heatMap(names: shown, values: synthetic, signed: true, color: SVGCharts.realColor))</figure>
            <figure><h3>Difference: 1 − pair score</h3>\(SVGCharts.heatMap(names: shown, values: difference, signed: false, color: "#dc2626", maxValue: 0.5))</figure>
            </div>
            <h3 style="margin-top:14px">Worst-reproduced pairs</h3>
            <table><thead><tr><th>Columns</th><th>Metric</th><th class="num">Real</th><th class="num">Synthetic</th><th class="num">Score</th></tr></thead><tbody>\(rows)</tbody></table>
            </section>
            """
    }
}
