import Foundation

/// One column's distribution in both tables, as the report plots it.
public struct ColumnDistribution: Sendable, Codable, Equatable {
    public var column: String
    /// `continuous` (histogram), `categorical`, `boolean` (bar per value) or `multilabel` (rate per label).
    public var kind: String
    /// Bar labels: categories, labels, or for continuous columns the bins' lower edges.
    public var bars: [String]
    /// For continuous columns, the `bars.count + 1` bin edges over both tables' range.
    public var edges: [Double]?
    /// Share of non-missing cells per bar (per label: share of non-missing rows carrying it).
    public var real: [Double]
    public var synthetic: [Double]
    /// Share of missing cells.
    public var realMissing: Double
    public var syntheticMissing: Double
}

extension ColumnDistribution {
    static let histogramBins = 20

    init(_ column: AlignedColumn) {
        self.column = column.name
        switch column.values {
        case let .continuous(real, synthetic):
            let present = (real + synthetic).filter { !$0.isNaN }
            let low = present.min() ?? 0, high = max(present.max() ?? 1, low + 1e-12)
            let bins = Self.histogramBins
            let edges = (0...bins).map { low + (high - low) * Double($0) / Double(bins) }
            func shares(_ v: [Double]) -> [Double] {
                var c = [Double](repeating: 0, count: bins)
                for x in v where !x.isNaN { c[min(bins - 1, Int((x - low) / (high - low) * Double(bins)))] += 1 }
                let total = c.reduce(0, +)
                return c.map { total > 0 ? $0 / total : 0 }
            }
            kind = "continuous"
            bars = edges.dropLast().map { Self.format($0) }
            self.edges = edges
            self.real = shares(real)
            self.synthetic = shares(synthetic)
            realMissing = Self.missingShare(real.map(\.isNaN))
            syntheticMissing = Self.missingShare(synthetic.map(\.isNaN))
        case let .discrete(pair):
            kind = pair.levels == ["false", "true"] ? "boolean" : "categorical"
            bars = pair.levels
            edges = nil
            real = Self.normalized(pair.counts(synthetic: false))
            synthetic = Self.normalized(pair.counts(synthetic: true))
            realMissing = Self.missingShare(pair.real.map { $0 < 0 })
            syntheticMissing = Self.missingShare(pair.synthetic.map { $0 < 0 })
        case let .multilabel(labels, perLabel):
            kind = "multilabel"
            bars = labels
            edges = nil
            real = perLabel.map { Self.normalized($0.counts(synthetic: false))[1] }
            synthetic = perLabel.map { Self.normalized($0.counts(synthetic: true))[1] }
            realMissing = perLabel.first.map { Self.missingShare($0.real.map { $0 < 0 }) } ?? 0
            syntheticMissing = perLabel.first.map { Self.missingShare($0.synthetic.map { $0 < 0 }) } ?? 0
        }
    }

    private static func normalized(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { total > 0 ? $0 / total : 0 }
    }

    private static func missingShare(_ missing: [Bool]) -> Double {
        missing.isEmpty ? 0 : Double(missing.filter { $0 }.count) / Double(missing.count)
    }

    /// A short human form of a number: 3 significant digits.
    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.2e", v) }
        let decimals = max(0, 2 - Int(log10(magnitude).rounded(.down)))
        return String(format: "%.\(decimals)f", v)
    }
}
