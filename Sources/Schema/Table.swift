/// A dataset held in memory column by column, with every cell already checked against a
/// ``DatasetSchema`` and converted to its typed form.
///
/// Columnar storage keeps each column contiguous, which is what the transformer, the sampler and
/// the metrics read. Missing cells are encoded in-band (see ``ColumnValues``).
public struct Table: Sendable {
    /// The schema every cell satisfies. For categorical or multilabel columns whose schema gave no
    /// vocabulary, the vocabulary read from the data is in the column's ``ColumnValues``.
    public let schema: DatasetSchema
    /// One entry per schema column, in schema order.
    public private(set) var columns: [ColumnValues]
    /// The number of rows.
    public let rowCount: Int

    /// Creates a table; every column must have `rowCount` rows and match its schema column's kind.
    public init(schema: DatasetSchema, columns: [ColumnValues]) {
        precondition(columns.count == schema.columns.count, "one ColumnValues per schema column")
        let count = columns.first?.count ?? 0
        for (values, column) in zip(columns, schema.columns) {
            precondition(values.count == count, "column \(column.name) has \(values.count) rows, expected \(count)")
            precondition(values.matches(column.kind), "column \(column.name) holds values of the wrong kind")
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = count
    }

    /// The values of the column called `name`.
    public func column(named name: String) -> ColumnValues? {
        schema.columnIndex(named: name).map { columns[$0] }
    }

    /// A table holding only the rows at `indices`, in that order (repeats allowed).
    public func rows(_ indices: some Collection<Int>) -> Table {
        Table(schema: schema, columns: columns.map { $0.gathering(indices) })
    }
}

/// The typed values of one column.
public enum ColumnValues: Sendable, Equatable {
    /// Identifiers as written in the file: the cells of an `id` or a `pii` column.
    case id([String])
    /// Numbers (for a `datetime` column, seconds since 1970-01-01T00:00:00Z); `Double.nan` marks a missing cell.
    case continuous([Double])
    /// Indices into `categories`; `-1` marks a missing cell.
    case categorical(codes: [Int32], categories: [String])
    /// Label sets, one bit per label per row (row-major: `flags[row * labels.count + label]`);
    /// `missing[row]` is true for a missing cell (then that row's flags are all zero).
    case multilabel(flags: [UInt8], missing: [Bool], labels: [String])
    /// `0` false, `1` true, `-1` missing.
    case boolean([Int8])

    /// The number of rows.
    public var count: Int {
        switch self {
        case .id(let v): v.count
        case .continuous(let v): v.count
        case .categorical(let codes, _): codes.count
        case .multilabel(_, let missing, _): missing.count
        case .boolean(let v): v.count
        }
    }

    /// Whether these values can belong to a column of `kind`.
    public func matches(_ kind: ColumnKind) -> Bool {
        switch (self, kind) {
        case (.id, .id), (.id, .pii), (.continuous, .continuous), (.continuous, .datetime), (.categorical, .categorical),
             (.multilabel, .multilabel), (.boolean, .boolean): true
        default: false
        }
    }

    /// Whether the cell in `row` is missing.
    public func isMissing(_ row: Int) -> Bool {
        switch self {
        case .id(let v): v[row].isEmpty
        case .continuous(let v): v[row].isNaN
        case .categorical(let codes, _): codes[row] < 0
        case .multilabel(_, let missing, _): missing[row]
        case .boolean(let v): v[row] < 0
        }
    }

    /// The values at `indices`, in order.
    public func gathering(_ indices: some Collection<Int>) -> ColumnValues {
        switch self {
        case .id(let v): .id(indices.map { v[$0] })
        case .continuous(let v): .continuous(indices.map { v[$0] })
        case .categorical(let codes, let categories): .categorical(codes: indices.map { codes[$0] }, categories: categories)
        case .multilabel(let flags, let missing, let labels):
            .multilabel(
                flags: indices.flatMap { flags[($0 * labels.count)..<(($0 + 1) * labels.count)] },
                missing: indices.map { missing[$0] }, labels: labels)
        case .boolean(let v): .boolean(indices.map { v[$0] })
        }
    }
}
