import ProfileGANSchema

/// The fitted encoding of a multilabel column: one two-way block `[absent, present]` per label,
/// then — nullable columns only — a block `[present, missing]` for the cell as a whole. A missing
/// cell encodes every label as absent.
public struct MultilabelTransform: Sendable, Equatable, Codable {
    /// The column's name.
    public let name: String
    /// The labels, in block order.
    public let labels: [String]
    /// Whether a missing indicator follows the label blocks.
    public let nullable: Bool

    public init(name: String, labels: [String], nullable: Bool) {
        self.name = name
        self.labels = labels
        self.nullable = nullable
    }

    /// The number of encoded columns.
    public var width: Int { 2 * labels.count + (nullable ? 2 : 0) }

    func segments(startingAt start: Int) -> [OutputSegment] {
        (0..<(width / 2)).map { OutputSegment(start: start + 2 * $0, length: 2, activation: .softmax) }
    }

    func discreteBlocks(column: Int, startingAt start: Int) -> [DiscreteBlock] {
        var blocks = labels.enumerated().map { i, label in
            DiscreteBlock(column: column, columnName: name, label: label, role: .label,
                          start: start + 2 * i, valueNames: ["absent", "present"])
        }
        if nullable {
            blocks.append(DiscreteBlock(column: column, columnName: name, label: nil, role: .missingIndicator,
                                        start: start + 2 * labels.count, valueNames: ["present", "missing"]))
        }
        return blocks
    }

    func encode(_ values: ColumnValues, rows: some Collection<Int>, into output: UnsafeMutableBufferPointer<Float>,
                stride: Int, offset: Int) throws(TransformError) {
        guard case .multilabel(let flags, let missing, let tableLabels) = values else {
            throw TransformError(column: name, message: "expected multilabel values")
        }
        let blockOf = try vocabularyMapping(from: tableLabels, to: labels, column: name, word: "label")
        let labelCount = tableLabels.count
        for (r, source) in rows.enumerated() {
            let base = r * stride + offset
            for i in 0..<labels.count { output[base + 2 * i] = 1 }  // absent unless set below
            if missing[source] {
                guard nullable else { throw TransformError(column: name, message: "missing value in row \(source + 1), but the column is not nullable") }
                output[base + width - 1] = 1
                continue
            }
            if nullable { output[base + width - 2] = 1 }
            for j in 0..<labelCount where flags[source * labelCount + j] != 0 {
                output[base + 2 * blockOf[j]] = 0
                output[base + 2 * blockOf[j] + 1] = 1
            }
        }
    }

    func decode(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int) -> ColumnValues {
        var flags = [UInt8](repeating: 0, count: rows * labels.count)
        var missing = [Bool](repeating: false, count: rows)
        for r in 0..<rows {
            let base = r * stride + offset
            if nullable && input[base + width - 1] > input[base + width - 2] {
                missing[r] = true
                continue
            }
            for i in 0..<labels.count where input[base + 2 * i + 1] > input[base + 2 * i] {
                flags[r * labels.count + i] = 1
            }
        }
        return .multilabel(flags: flags, missing: missing, labels: labels)
    }
}
