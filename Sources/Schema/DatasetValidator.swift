import Foundation
import ProfileGANCSV

/// Checks a CSV file against a ``DatasetSchema``: the header against the schema's columns, every
/// cell against its column (number syntax, whole numbers, range, category membership, label
/// vocabulary, boolean spelling, missing values versus `nullable`), and every row against the
/// schema's constraints (an inequality `high >= low` broken; a (parent, child) pair outside a
/// fixed_combinations constraint's public `pairs`), located at the offending cell.
///
/// The same checks run in ``validate(csvAt:)`` (the `profilegan validate` command: reads to the end,
/// counts every problem) and in ``load(csvAt:)`` (every command that reads a dataset: stops after
/// ``problemLimit`` problems and keeps the typed values).
///
/// The header may list the schema's columns in any order; the loaded ``Table`` is in schema order.
/// A column missing from the header, or a header column the schema does not describe, is a problem.
/// Every problem is located as `FILE:LINE:COLUMN` (see ``ValidationProblem``).
public struct DatasetValidator: Sendable {
    /// The schema cells are checked against.
    public var schema: DatasetSchema
    /// How many problems are kept with their locations (and where loading stops).
    public var problemLimit: Int

    /// A validator for `schema` keeping at most `problemLimit` (at least 1) located problems.
    public init(schema: DatasetSchema, problemLimit: Int = 100) {
        self.schema = schema
        self.problemLimit = max(1, problemLimit)
    }

    /// Reads the whole file (constant memory) and reports every problem; keeps the first
    /// ``problemLimit`` with locations and counts the rest.
    public func validate(csvAt path: String) -> ValidationReport {
        var scan = DatasetScan(schema: schema, keepsValues: false, problemLimit: problemLimit, stopsAtLimit: false)
        scan.run(path: path)
        return scan.report
    }

    /// Reads the file into a typed ``Table`` in schema order, or throws the problems found
    /// (reading stops after ``problemLimit`` of them).
    public func load(csvAt path: String) throws(DatasetError) -> Table {
        var scan = DatasetScan(schema: schema, keepsValues: true, problemLimit: problemLimit, stopsAtLimit: true)
        scan.run(path: path)
        let report = scan.report
        guard report.isValid else {
            throw DatasetError(file: report.file, problems: report.problems, problemCount: report.problemCount,
                               stoppedEarly: report.stoppedEarly)
        }
        return Table(schema: schema, columns: scan.builders.map { $0.finish() })
    }
}

extension Table {
    /// Loads a CSV file (`-` for standard input) checked against `schema`; see ``DatasetValidator``.
    ///
    /// - Throws: ``DatasetError`` listing `FILE:LINE:COLUMN: message` for each problem (up to 100).
    public static func load(csvAt path: String, schema: DatasetSchema) throws(DatasetError) -> Table {
        try DatasetValidator(schema: schema).load(csvAt: path)
    }
}

/// One pass over a CSV file for ``DatasetValidator``.
struct DatasetScan {
    let schema: DatasetSchema
    let problemLimit: Int
    let stopsAtLimit: Bool
    private(set) var builders: [ColumnBuilder]
    private(set) var report: ValidationReport

    init(schema: DatasetSchema, keepsValues: Bool, problemLimit: Int, stopsAtLimit: Bool) {
        self.schema = schema
        self.problemLimit = problemLimit
        self.stopsAtLimit = stopsAtLimit
        builders = schema.columns.map { ColumnBuilder(column: $0, keepsValues: keepsValues) }
        report = ValidationReport(file: "", rowCount: 0, problems: [], problemCount: 0, stoppedEarly: false)
    }

    mutating func run(path: String) {
        report.file = path == "-" ? "<stdin>" : path
        do {
            let reader = try CSVReader(path: path)
            let fieldForColumn = matchHeader(reader.header)
            if report.problemCount > 0 && fieldForColumn.allSatisfy({ $0 == nil }) {
                return
            }
            try readRecords(reader, fieldForColumn: fieldForColumn)
        } catch {
            add(ValidationProblem(error))
            report.stoppedEarly = true
        }
    }

    /// For each schema column, the index of its field in the file (nil when the header lacks it).
    private mutating func matchHeader(_ header: [String]) -> [Int?] {
        let fieldForColumn = schema.columns.map { column in header.firstIndex(of: column.name) }
        for (column, field) in zip(schema.columns, fieldForColumn) where field == nil {
            add(ValidationProblem(file: report.file, line: 1, column: 0, columnName: column.name,
                                  message: "the header lacks this schema column"))
        }
        for (index, name) in header.enumerated() where schema.columnIndex(named: name) == nil {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let hint = trimmed != name && schema.columnIndex(named: trimmed) != nil
                ? " (\"\(name)\" has spaces around \"\(trimmed)\"; header names must match exactly)" : ""
            add(ValidationProblem(file: report.file, line: 1, column: index + 1, columnName: name,
                                  message: "the schema has no column of this name\(hint)"))
        }
        if fieldForColumn.allSatisfy({ $0 == nil }) {
            add(ValidationProblem(file: report.file, line: 1, column: 0,
                                  message: "the first row names none of the schema's columns; is the header row missing?"))
        }
        return fieldForColumn
    }

    private mutating func readRecords(_ reader: CSVReader, fieldForColumn: [Int?]) throws(CSVError) {
        // Column pairs (schema index, file field) for the columns present, so the per-cell loop
        // has no optionals to unwrap.
        let pairs = fieldForColumn.enumerated().compactMap { column, field in field.map { (column, $0) } }
        let constraints = RowConstraintCheck.checks(for: schema, fieldForColumn: fieldForColumn)
        var builders = self.builders
        self.builders = []  // keep the builders' arrays uniquely referenced while they grow
        defer { self.builders = builders }
        try builders.withUnsafeMutableBufferPointer { (columns) throws(CSVError) in
            while let record = try reader.nextRecord() {
                report.rowCount += 1
                for (column, field) in pairs {
                    if let message = columns[column].check(record.field(field), isMissing: record.isMissing(field)) {
                        add(ValidationProblem(file: report.file, line: record.line(ofField: field), column: field + 1,
                                              columnName: schema.columns[column].name, message: message))
                    }
                }
                for check in constraints {
                    if let (field, message) = check.problem(in: record, columns: columns) {
                        add(ValidationProblem(file: report.file, line: record.line(ofField: field), column: field + 1,
                                              columnName: schema.columns[check.reportedColumn].name, message: message))
                    }
                }
                if stopsAtLimit && report.problemCount >= problemLimit {
                    report.stoppedEarly = true
                    return
                }
            }
        }
    }

    private mutating func add(_ problem: ValidationProblem) {
        report.problemCount += 1
        if report.problems.count < problemLimit { report.problems.append(problem) }
    }
}
