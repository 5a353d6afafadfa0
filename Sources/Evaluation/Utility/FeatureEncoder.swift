import ProfileGANSchema

/// Turns table rows into numeric feature vectors, the documented encoding behind the classifiers and
/// the distances:
/// - continuous: `(x − mean) / sd` with the mean and standard deviation of the *fitting* table
///   (sd 1 when constant); a missing value becomes 0 and, if the column has missing cells in any table,
///   a missing-indicator feature is added (value `categoricalScale`);
/// - categorical / boolean: one-hot over the union of the tables' categories, each entry
///   `categoricalScale` (a missing cell is all zeros); a column with more than
///   ``maxOneHotCategories`` categories keeps one feature for each of its most frequent ones in
///   the fitting table and one shared feature for the rest, so the classifiers' cost (a Newton
///   step solves a width × width system) stays bounded on a 5,000-value city column;
/// - multilabel: one 0/`categoricalScale` feature per label;
/// - id columns and the `excluded` columns are left out.
///
/// With `categoricalScale = 1/√2`, two rows that differ in one categorical column are at squared
/// distance 1, the same as one standard deviation on a continuous column.
struct FeatureEncoder: Sendable {
    private enum Part: Sendable {
        case continuous(name: String, mean: Double, sd: Double, missingIndicator: Bool)
        case categories(name: String, index: [String: Int], width: Int)
        case boolean(name: String)
        case labels(name: String, index: [String: Int])

        var width: Int {
            switch self {
            case let .continuous(_, _, _, missing): missing ? 2 : 1
            case let .categories(_, _, width): width
            case let .labels(_, index): index.count
            case .boolean: 2
            }
        }
    }

    private let parts: [Part]
    let categoricalScale: Double
    /// The number of features per row.
    let width: Int

    /// Fits the encoder: statistics from `fitting`, vocabularies from `fitting` and `others`.
    init(fitting: Table, others: [Table] = [], excluded: Set<String> = [], categoricalScale: Double = 1) {
        var parts: [Part] = []
        let all = [fitting] + others
        for (c, column) in fitting.schema.columns.enumerated() where column.kind.isLearned && !excluded.contains(column.name) {
            switch fitting.columns[c] {
            case .continuous(let v):
                var n = 0.0, sum = 0.0, sq = 0.0
                for x in v where !x.isNaN { n += 1; sum += x }
                let mean = n > 0 ? sum / n : 0
                for x in v where !x.isNaN { sq += (x - mean) * (x - mean) }
                let sd = n > 1 ? (sq / (n - 1)).squareRoot() : 0
                let anyMissing = all.contains { table in
                    table.column(named: column.name).map { values in (0..<values.count).contains { values.isMissing($0) } } ?? false
                }
                parts.append(.continuous(name: column.name, mean: mean, sd: sd > 0 ? sd : 1, missingIndicator: anyMissing))
            case .categorical(let codes, let categories):
                let index = Self.vocabulary(all, column.name) {
                    if case let .categorical(_, categories) = $0 { categories } else { [] }
                }
                parts.append(Self.boundedCategories(column.name, index: index, codes: codes, categories: categories))
            case .boolean:
                parts.append(.boolean(name: column.name))
            case .multilabel:
                parts.append(.labels(name: column.name, index: Self.vocabulary(all, column.name) {
                    if case let .multilabel(_, _, labels) = $0 { labels } else { [] }
                }))
            case .id:
                break
            }
        }
        self.parts = parts
        self.categoricalScale = categoricalScale
        width = parts.reduce(0) { $0 + $1.width }
    }

    /// Columns with more categories than this share one feature among their least frequent ones.
    static let maxOneHotCategories = 64

    /// The one-hot part of a categorical column: every category its own feature, or — above
    /// ``maxOneHotCategories`` — the most frequent ones in the fitting table (ties by vocabulary
    /// order) their own and all others one shared feature.
    private static func boundedCategories(_ name: String, index: [String: Int], codes: [Int32], categories: [String]) -> Part {
        guard index.count > maxOneHotCategories else { return .categories(name: name, index: index, width: index.count) }
        var counts = [Int](repeating: 0, count: index.count)
        let vocabularyPosition = categories.map { index[$0] ?? -1 }
        for code in codes where code >= 0 {
            let position = vocabularyPosition[Int(code)]
            if position >= 0 { counts[position] += 1 }
        }
        let kept = Array(counts.indices.sorted { (counts[$0], -$0) > (counts[$1], -$1) }.prefix(maxOneHotCategories - 1))
        var feature = [Int](repeating: maxOneHotCategories - 1, count: index.count)
        for (k, position) in kept.enumerated() { feature[position] = k }
        return .categories(name: name, index: index.mapValues { feature[$0] }, width: maxOneHotCategories)
    }

    private static func vocabulary(_ tables: [Table], _ name: String, _ words: (ColumnValues) -> [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for table in tables {
            guard let values = table.column(named: name) else { continue }
            for word in words(values) where index[word] == nil { index[word] = index.count }
        }
        return index
    }

    /// Encodes every row of `table` (which must have the fitted columns, matched by name).
    func encode(_ table: Table) -> FeatureMatrix {
        let n = table.rowCount
        var out = [Double](repeating: 0, count: n * width)
        var offset = 0
        let s = categoricalScale
        for part in parts {
            switch part {
            case let .continuous(name, mean, sd, missingIndicator):
                guard case let .continuous(v)? = table.column(named: name) else { preconditionFailure("column \(name) missing") }
                for r in 0..<n {
                    if v[r].isNaN {
                        if missingIndicator { out[r * width + offset + 1] = s }
                    } else {
                        out[r * width + offset] = (v[r] - mean) / sd
                    }
                }
            case let .categories(name, index, _):
                guard case let .categorical(codes, categories)? = table.column(named: name) else { preconditionFailure("column \(name) missing") }
                let map = categories.map { index[$0] ?? -1 }
                for r in 0..<n where codes[r] >= 0 {
                    let k = map[Int(codes[r])]
                    if k >= 0 { out[r * width + offset + k] = s }
                }
            case let .boolean(name):
                guard case let .boolean(v)? = table.column(named: name) else { preconditionFailure("column \(name) missing") }
                for r in 0..<n where v[r] >= 0 { out[r * width + offset + Int(v[r])] = s }
            case let .labels(name, index):
                guard case let .multilabel(flags, missing, labels)? = table.column(named: name) else { preconditionFailure("column \(name) missing") }
                let map = labels.map { index[$0]! }
                for r in 0..<n where !missing[r] {
                    for (k, target) in map.enumerated() where flags[r * labels.count + k] != 0 { out[r * width + offset + target] = s }
                }
            }
            offset += part.width
        }
        return FeatureMatrix(rows: n, columns: width, values: out)
    }
}
