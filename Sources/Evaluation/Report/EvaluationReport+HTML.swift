extension EvaluationReport {
    /// The report as one self-contained HTML page: inline CSS and SVG, no scripts, no network access,
    /// laid out for a laptop screen and for print.
    public func html() -> String {
        HTMLReportRenderer(report: self).render()
    }
}

/// Builds the HTML page for an ``EvaluationReport``, section by section.
struct HTMLReportRenderer {
    let report: EvaluationReport

    func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Synthetic data evaluation: \(HTMLText.escape(report.dataset))</title>
        <style>\(Self.styleSheet)</style>
        </head>
        <body>
        <header>
        <h1>Synthetic data evaluation <span class="dataset">\(HTMLText.escape(report.dataset))</span></h1>
        <p class="meta">\(report.rows.real) real rows · \(report.rows.synthetic) synthetic rows\(report.rows.holdout.map { " · \($0) holdout rows" } ?? "") · seed \(report.seed) · <span class="key"><i style="background:\(SVGCharts.realColor)"></i>real <i style="background:\(SVGCharts.syntheticColor)"></i>synthetic</span></p>
        </header>
        <main>
        \(summarySection())
        \(columnsSection())
        \(pairsSection())
        \(utilitySection())
        \(privacySection())
        \(methodsSection())
        </main>
        </body>
        </html>

        """
    }

    /// A coloured verdict class for a score where higher is better.
    static func grade(_ value: Double?, good: Double, fair: Double) -> String {
        guard let value else { return "na" }
        return value >= good ? "good" : (value >= fair ? "fair" : "poor")
    }

    static let styleSheet = """
        :root{--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--card:#f9fafb;--good:#15803d;--fair:#b45309;--poor:#b91c1c}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
        header{padding:20px 32px 8px;border-bottom:1px solid var(--line)}
        h1{font-size:22px;margin:0 0 4px} h1 .dataset{color:var(--muted);font-weight:500}
        h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink)}
        h3{font-size:14px;margin:0 0 6px}
        .meta{color:var(--muted);margin:0}
        .key i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
        main{padding:0 32px 32px;max-width:1200px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:12px;margin-top:16px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;break-inside:avoid}
        .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card .big{font-size:30px;font-weight:700;margin:2px 0}
        .card dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:6px 0 0;font-size:13px}
        .card dt{color:var(--muted)} .card dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
        .good{color:var(--good)} .fair{color:var(--fair)} .poor{color:var(--poor)} .na{color:var(--muted)}
        .notice{margin:14px 0 0;padding:10px 14px;border-left:4px solid var(--fair);background:#fffbeb;break-inside:avoid}
        .grid{stroke:var(--line);stroke-width:1}
        .tick{font-size:9px;fill:var(--muted)} .charttitle{font-size:12px;font-weight:600;fill:var(--ink)}
        .plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
        .plot{border:1px solid var(--line);border-radius:8px;padding:8px 10px;break-inside:avoid}
        .plot .head{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
        .plot .head span{font-size:12px;color:var(--muted)}
        .plot svg{width:100%;height:auto;display:block}
        .heatmaps{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px;align-items:start}
        .heatmaps figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px 10px;break-inside:avoid}
        .heatmaps svg{max-width:100%;height:auto;display:block}
        table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-variant-numeric:tabular-nums;break-inside:avoid}
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line)} th{font-size:12px;color:var(--muted);font-weight:600}
        td.num,th.num{text-align:right}
        .bar{display:inline-block;height:8px;background:var(--ink);border-radius:2px;vertical-align:middle;opacity:.7;print-color-adjust:exact;-webkit-print-color-adjust:exact}
        .two{display:grid;grid-template-columns:minmax(300px,1fr) minmax(300px,1fr);gap:16px;align-items:start}
        .methods{color:var(--muted);font-size:13px} .methods dt{font-weight:600;color:var(--ink);margin-top:8px}
        .methods dd{margin:2px 0 0}
        @media (max-width:760px){.two{grid-template-columns:1fr} main,header{padding-left:14px;padding-right:14px}}
        @media print{body{font-size:11px} main{max-width:none;padding:0 8px} header{padding:8px} h2{break-after:avoid}
          .plots{grid-template-columns:repeat(3,1fr)} svg rect{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
        """
}
