extension Table {
    /// One line per column describing its values: missing cells, then range and mean for numbers,
    /// the most frequent categories or labels with their shares, the share of `true`, or the
    /// number of distinct ids. Meant for a person checking a dataset (`profilegan validate
    /// --summary`); the figures are computed from the rows, so do not publish them for private data.
    public func summaryLines() -> [String] {
        let width = schema.columns.map(\.name.count).max() ?? 0
        return zip(schema.columns, columns).map { column, values in
            let missing = (0..<rowCount).filter { values.isMissing($0) }.count
            let name = column.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(name)  \(column.kind.typeName.padding(toLength: 11, withPad: " ", startingAt: 0))  "
                + "missing \(Self.percent(missing, of: rowCount))  \(Self.describe(values))"
        }
    }

    private static func describe(_ values: ColumnValues) -> String {
        switch values {
        case .id(let ids):
            return "\(Set(ids.filter { !$0.isEmpty }).count) distinct"
        case .continuous(let numbers):
            let present = numbers.filter { !$0.isNaN }
            guard let low = present.min(), let high = present.max() else { return "no values" }
            let mean = present.reduce(0, +) / Double(present.count)
            return "min \(format(low))  mean \(format(mean))  max \(format(high))"
        case .categorical(let codes, let categories):
            var counts = [Int](repeating: 0, count: categories.count)
            for code in codes where code >= 0 { counts[Int(code)] += 1 }
            return top(counts, names: categories, of: codes.filter { $0 >= 0 }.count)
        case .multilabel(let flags, let missing, let labels):
            var counts = [Int](repeating: 0, count: labels.count)
            for (index, flag) in flags.enumerated() where flag != 0 { counts[index % labels.count] += 1 }
            let rows = missing.filter { !$0 }.count
            let perRow = rows == 0 ? 0 : Double(counts.reduce(0, +)) / Double(rows)
            return "\(format(perRow)) labels per row; " + top(counts, names: labels, of: rows)
        case .boolean(let flags):
            let present = flags.filter { $0 >= 0 }
            return "true \(percent(present.filter { $0 == 1 }.count, of: present.count))"
        }
    }

    private static func top(_ counts: [Int], names: [String], of total: Int) -> String {
        let order = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        let shown = order.prefix(4).map { "\(names[$0]) \(percent(counts[$0], of: total))" }
        return shown.joined(separator: ", ") + (order.count > 4 ? ", … (\(order.count) in all)" : "")
    }

    private static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0%" : "\(format(100 * Double(part) / Double(whole)))%"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
