import ProfileGANCSV

/// Writes ``Table``s as CSV under a schema, any number of tables after one header — so a generator
/// can stream millions of rows in constant memory — and publishes the file only on ``commit()``.
///
/// ```swift
/// let writer = try TableCSVWriter(path: "synth.csv", schema: schema)   // "-" = standard output
/// for batch in batches { try writer.append(batch) }
/// try writer.commit()          // until here the rows sit in a temporary file beside synth.csv
/// ```
///
/// Cells are written so ``Table/load(csvAt:schema:)`` reads back the same values: integer-valued
/// numbers without a fraction (`34`, not `34.0`), other numbers in the shortest form that reads back
/// to the same `Double`, booleans as `true`/`false`, label sets joined by the column's separator
/// (an empty set as `""`), missing cells empty, quoting only where needed.
/// Dropping the writer without committing, or calling ``abort()``, removes the temporary file.
public final class TableCSVWriter {
    /// The schema of the rows written.
    public let schema: DatasetSchema
    /// Data rows written so far.
    public private(set) var rowCount = 0
    private let writer: CSVWriter

    /// Creates the temporary file beside `path` (or writes standard output for `-`) and writes
    /// the header row.
    public convenience init(path: String, schema: DatasetSchema) throws(CSVError) {
        try self.init(output: try OutputFile(path: path), schema: schema)
    }

    /// Writes to an output created earlier, starting with the header row.
    public init(output: OutputFile, schema: DatasetSchema) throws(CSVError) {
        self.schema = schema
        writer = CSVWriter(output: output)
        try writer.writeRecord(schema.columns.map(\.name))
    }

    /// Hands the buffered bytes to the file (so ``bytesWritten`` counts every row appended).
    public func flush() throws(CSVError) {
        try writer.flush()
    }

    /// The bytes written so far (header included), counting what is still buffered only after
    /// ``commit()``.
    public var bytesWritten: Int { writer.bytesWritten }

    /// Appends the rows of `table`, whose columns must match the writer's schema column for column.
    public func append(_ table: Table) throws(CSVError) {
        precondition(table.schema.columns.map(\.name) == schema.columns.map(\.name),
                     "the table's columns differ from the writer's schema")
        try Self.writeRows(of: table, to: writer)
        rowCount += table.rowCount
    }

    /// Rows formatted off the writer's thread by ``encode(_:)``, ready to be appended in order.
    public struct EncodedRows: Sendable {
        /// The CSV bytes of the rows, each ending with a line feed.
        public let bytes: [UInt8]
        /// How many rows they hold.
        public let rowCount: Int
    }

    /// Formats the rows of `table` (no header) exactly as ``append(_:)`` would write them. Pure, so
    /// it can run on a worker thread while the writer's thread writes earlier rows.
    public static func encode(_ table: Table) -> EncodedRows {
        let memory = CSVWriter(inMemoryWithCapacity: 1 << 16)
        do {
            try writeRows(of: table, to: memory)
            try memory.flush()
        } catch {
            preconditionFailure("an in-memory CSV writer cannot fail: \(error)")
        }
        return EncodedRows(bytes: memory.collected, rowCount: table.rowCount)
    }

    /// Appends rows formatted by ``encode(_:)`` from a table of this writer's schema.
    public func append(_ rows: EncodedRows) throws(CSVError) {
        try writer.writeEncodedRecords(rows.bytes)
        rowCount += rows.rowCount
    }

    private static func writeRows(of table: Table, to writer: CSVWriter) throws(CSVError) {
        var cells = table.columns.enumerated().map { CellWriter(values: $1, column: table.schema.columns[$0]) }
        for row in 0..<table.rowCount {
            for column in cells.indices {
                try cells[column].write(row: row, to: writer)
            }
            try writer.endRecord()
        }
    }

    /// Writes out what is buffered and renames the temporary file to the target path.
    public func commit() throws(CSVError) {
        try writer.commit()
    }

    /// Abandons the output: the temporary file is removed, the target untouched.
    public func abort() {
        writer.abort()
    }
}

extension Table {
    /// Writes the table as CSV to `path` (`-` for standard output) through a temporary file that
    /// is renamed into place once complete. See ``TableCSVWriter`` for how cells are written.
    public func writeCSV(to path: String) throws(CSVError) {
        let writer = try TableCSVWriter(path: path, schema: schema)
        try writer.append(self)
        try writer.commit()
    }
}
