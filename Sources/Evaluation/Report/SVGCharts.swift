import Foundation

/// The report's charts as inline SVG: no scripts, no external resources, crisp when printed.
enum SVGCharts {
    static let realColor = "#2563eb"
    static let syntheticColor = "#f59e0b"

    /// Side-by-side bars of real and synthetic shares for each label (at most `maxBars`, the most
    /// frequent in the real table, in their original order).
    static func pairedBars(labels: [String], real: [Double], synthetic: [Double], maxBars: Int = 20, rotateLabels: Bool) -> String {
        var keep = Array(labels.indices)
        if keep.count > maxBars { keep = Array(keep.sorted { real[$0] > real[$1] }.prefix(maxBars)).sorted() }
        let width = 320.0, height = 170.0, left = 34.0, bottom = rotateLabels ? 42.0 : 24.0, top = 8.0
        let plotWidth = width - left - 6, plotHeight = height - top - bottom
        let top1 = max(keep.map { max(real[$0], synthetic[$0]) }.max() ?? 0, 1e-9)
        let slot = plotWidth / Double(max(1, keep.count))
        var svg = open(width: width, height: height)
        svg += axis(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, maxValue: top1)
        for (i, k) in keep.enumerated() {
            let x = left + Double(i) * slot
            let barWidth = max(1, slot * 0.4)
            for (j, (value, color)) in [(real[k], realColor), (synthetic[k], syntheticColor)].enumerated() {
                let h = value / top1 * plotHeight
                svg += "<rect x=\"\(c(x + slot * 0.1 + Double(j) * barWidth))\" y=\"\(c(top + plotHeight - h))\" width=\"\(c(barWidth))\" height=\"\(c(h))\" fill=\"\(color)\"><title>\(HTMLText.escape(labels[k])): \(j == 0 ? "real" : "synthetic") \(HTMLText.percent(value))</title></rect>"
            }
            let showLabel = keep.count <= 12 || i % Int((Double(keep.count) / 12).rounded(.up)) == 0
            if showLabel {
                let label = HTMLText.escape(String(labels[k].prefix(12)))
                let lx = x + slot / 2, ly = top + plotHeight + 12
                svg += rotateLabels
                    ? "<text x=\"\(c(lx))\" y=\"\(c(ly))\" class=\"tick\" text-anchor=\"end\" transform=\"rotate(-35 \(c(lx)) \(c(ly)))\">\(label)</text>"
                    : "<text x=\"\(c(lx))\" y=\"\(c(ly))\" class=\"tick\" text-anchor=\"middle\">\(label)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Overlaid real and synthetic histograms over shared bins.
    static func histogram(edges: [Double], real: [Double], synthetic: [Double]) -> String {
        let width = 320.0, height = 170.0, left = 34.0, bottom = 24.0, top = 8.0
        let plotWidth = width - left - 6, plotHeight = height - top - bottom
        let maxValue = max((real + synthetic).max() ?? 0, 1e-9)
        let slot = plotWidth / Double(max(1, real.count))
        var svg = open(width: width, height: height)
        svg += axis(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, maxValue: maxValue)
        for (values, color, opacity) in [(real, realColor, "0.55"), (synthetic, syntheticColor, "0.55")] {
            for (i, v) in values.enumerated() where v > 0 {
                let h = v / maxValue * plotHeight
                svg += "<rect x=\"\(c(left + Double(i) * slot))\" y=\"\(c(top + plotHeight - h))\" width=\"\(c(slot))\" height=\"\(c(h))\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>"
            }
        }
        for i in [0, edges.count / 2, edges.count - 1] {
            let anchor = i == 0 ? "start" : (i == edges.count - 1 ? "end" : "middle")
            svg += "<text x=\"\(c(left + Double(i) * slot))\" y=\"\(c(top + plotHeight + 14))\" class=\"tick\" text-anchor=\"\(anchor)\">\(ColumnDistribution.format(edges[i]))</text>"
        }
        return svg + "</svg>"
    }

    /// A square heat map of `values[i][j]` (nil cells blank) with `names` on both axes. `signed` maps
    /// −1…1 to red–white–blue; otherwise 0…`maxValue` maps white to `color`.
    static func heatMap(names: [String], values: [[Double?]], signed: Bool, color: String, maxValue: Double = 1) -> String {
        let n = names.count
        let shown = names.map { String($0.prefix(14)) }
        let labelSpace = min(92, 6 * Double(shown.map(\.count).max() ?? 4) + 10)
        let cell = max(6, min(34, 300 / Double(max(1, n))))
        let top = labelSpace * 0.8
        var svg = open(width: labelSpace + cell * Double(n) + 4, height: top + cell * Double(n) + 4)
        for i in 0..<n {
            let name = HTMLText.escape(shown[i])
            if cell >= 8 {
                svg += "<text x=\"\(c(labelSpace - 4))\" y=\"\(c(top + Double(i) * cell + cell / 2 + 3))\" class=\"tick\" text-anchor=\"end\">\(name)</text>"
                let x = labelSpace + Double(i) * cell + cell / 2 + 3
                svg += "<text x=\"\(c(x))\" y=\"\(c(top - 4))\" class=\"tick\" transform=\"rotate(-50 \(c(x)) \(c(top - 4)))\">\(name)</text>"
            }
            for j in 0..<n {
                guard let v = values[i][j] else { continue }
                let fill = signed ? diverging(v) : sequential(min(1, abs(v) / maxValue), color)
                svg += "<rect x=\"\(c(labelSpace + Double(j) * cell))\" y=\"\(c(top + Double(i) * cell))\" width=\"\(c(cell))\" height=\"\(c(cell))\" fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.5\"><title>\(HTMLText.escape(names[i])) × \(HTMLText.escape(names[j])): \(HTMLText.number(v, 3))</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    private static func open(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" role=\"img\">"
    }

    private static func axis(left: Double, top: Double, plotWidth: Double, plotHeight: Double, maxValue: Double) -> String {
        var svg = ""
        for k in 0...2 {
            let y = top + plotHeight * (1 - Double(k) / 2)
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(left + plotWidth))\" y1=\"\(c(y))\" y2=\"\(c(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(c(left - 3))\" y=\"\(c(y + 3))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.percent(maxValue * Double(k) / 2, 0))</text>"
        }
        return svg
    }

    private static func c(_ v: Double) -> String { HTMLText.coordinate(v) }

    /// White (0) to `hex` (1).
    private static func sequential(_ t: Double, _ hex: String) -> String {
        let target = rgb(hex)
        return mix((255, 255, 255), target, t)
    }

    private static func diverging(_ v: Double) -> String {
        v >= 0 ? mix((255, 255, 255), rgb("#1d4ed8"), min(1, v)) : mix((255, 255, 255), rgb("#dc2626"), min(1, -v))
    }

    private static func rgb(_ hex: String) -> (Int, Int, Int) {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        return ((value >> 16) & 255, (value >> 8) & 255, value & 255)
    }

    private static func mix(_ a: (Int, Int, Int), _ b: (Int, Int, Int), _ t: Double) -> String {
        func m(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * t).rounded()) }
        return String(format: "#%02x%02x%02x", m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
    }
}
