import ProfileGANSchema

/// The fitted one-hot encoding of a categorical or boolean column.
///
/// Layout: one entry per category (`false`, `true` for booleans), then — nullable columns only — a
/// final entry for the missing category, so the generator learns how often the cell is empty.
public struct DiscreteTransform: Sendable, Equatable, Codable {
    /// The column's name.
    public let name: String
    /// Whether the column is boolean (decoded to ``ColumnValues/boolean(_:)``) or categorical.
    public let isBoolean: Bool
    /// The categories, in one-hot order (without the missing category).
    public let categories: [String]
    /// Whether a missing category follows the categories.
    public let nullable: Bool

    public init(name: String, isBoolean: Bool, categories: [String], nullable: Bool) {
        self.name = name
        self.isBoolean = isBoolean
        self.categories = categories
        self.nullable = nullable
    }

    /// The number of encoded columns.
    public var width: Int { categories.count + (nullable ? 1 : 0) }

    /// The entry names of the one-hot block (the missing category is ``DiscreteBlock/missingValueName``).
    public var valueNames: [String] { categories + (nullable ? [DiscreteBlock.missingValueName] : []) }

    func segments(startingAt start: Int) -> [OutputSegment] {
        [OutputSegment(start: start, length: width, activation: .softmax)]
    }

    func discreteBlocks(column: Int, startingAt start: Int) -> [DiscreteBlock] {
        [DiscreteBlock(column: column, columnName: name, label: nil, role: .values, start: start, valueNames: valueNames)]
    }

    /// The codes of `values`, and for each code the index of its one-hot entry (code −1 is missing).
    func entryIndices(of values: ColumnValues) throws(TransformError) -> (codes: [Int32], entries: [Int]) {
        switch values {
        case .boolean(let flags):
            return (flags.map { Int32($0) }, [0, 1])
        case .categorical(let codes, let tableCategories):
            let entries = try vocabularyMapping(from: tableCategories, to: categories, column: name, word: "category")
            return (codes, entries)
        default:
            throw TransformError(column: name, message: "expected \(isBoolean ? "boolean" : "categorical") values")
        }
    }

    func encode(_ values: ColumnValues, rows: some Collection<Int>, into output: UnsafeMutableBufferPointer<Float>,
                stride: Int, offset: Int) throws(TransformError) {
        let (codes, entries) = try entryIndices(of: values)
        for (r, source) in rows.enumerated() {
            let code = Int(codes[source])
            if code < 0 {
                guard nullable else { throw TransformError(column: name, message: "missing value in row \(source + 1), but the column is not nullable") }
                output[r * stride + offset + categories.count] = 1
            } else {
                output[r * stride + offset + entries[code]] = 1
            }
        }
    }

    func decode(_ input: UnsafeBufferPointer<Float>, rows: Int, stride: Int, offset: Int) -> ColumnValues {
        var codes = [Int32](repeating: 0, count: rows)
        for r in 0..<rows {
            let entry = argmax(input, from: r * stride + offset, count: width)
            codes[r] = entry == categories.count ? -1 : Int32(entry)
        }
        return isBoolean ? .boolean(codes.map { Int8($0) }) : .categorical(codes: codes, categories: categories)
    }
}
