import ProfileGANCSV

/// One problem found while checking a dataset against its schema, located in the file.
///
/// `line` is the physical line of the cell (a record whose quoted fields hold line breaks spans
/// several lines); `column` is the 1-based field number in the file — the same numbering a
/// spreadsheet shows as A, B, C… — and `columnName` the header name there. Problems about the whole
/// file have `line == 0`; problems about a line but no single field have `column == 0`.
public struct ValidationProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The file as the user named it (`<stdin>` for `-`).
    public var file: String
    /// The 1-based physical line, or 0.
    public var line: Int
    /// The 1-based field number in the file, or 0.
    public var column: Int
    /// The header name of that field, when there is one.
    public var columnName: String?
    /// What is wrong with the value, in words a user can act on.
    public var message: String

    /// A problem at `file:line:column` (0 for a part that does not apply).
    public init(file: String, line: Int, column: Int, columnName: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// `FILE:LINE:COLUMN: name: message`, dropping the parts that are absent.
    public var description: String {
        let name = columnName.map { "\($0): " } ?? ""
        return "\(CSVError.location(file: file, line: line, column: column)): \(name)\(message)"
    }
}
