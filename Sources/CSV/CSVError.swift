/// A problem reading or writing a CSV file, located at a file, line and column.
///
/// `line` is the 1-based physical line (lines are counted by line feeds, so CRLF and LF files agree);
/// `column` is the 1-based field number within the record. Either is `0` when the problem concerns
/// the whole file (it could not be opened, it is empty).
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, with the facts that matter for each kind.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened, read, created or renamed (`errno` text in the message).
        case io
        /// The file has no bytes at all (a UTF-8 byte-order mark alone counts as empty).
        case emptyFile
        /// There is no header row (only blank lines), or a header name is empty.
        case missingHeader
        /// Two header fields have the same name.
        case duplicateHeader(name: String)
        /// A record's field count differs from the header's.
        case raggedRow(expected: Int, found: Int)
        /// A field's bytes are not valid UTF-8.
        case invalidUTF8
        /// A quoted field is still open at the end of the input.
        case unterminatedQuote
        /// A quote where RFC 4180 forbids one: inside an unquoted field or right after a closing quote.
        case misplacedQuote
        /// A lone carriage return ended a record (classic Mac line endings); only LF and CRLF are read.
        case bareCarriageReturn
    }

    /// What went wrong.
    public var kind: Kind
    /// The file as the user named it (`<stdin>` for `-`).
    public var file: String
    /// The 1-based physical line, or 0 for the whole file.
    public var line: Int
    /// The 1-based field number, or 0 when no single field is at fault.
    public var column: Int
    /// A sentence a user can act on.
    public var message: String

    /// An error of `kind` at `file:line:column` (0 for a part that does not apply).
    public init(_ kind: Kind, file: String, line: Int = 0, column: Int = 0, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, dropping the parts that are 0.
    public var description: String {
        "\(Self.location(file: file, line: line, column: column)): \(message)"
    }

    /// `FILE:LINE:COLUMN`, `FILE:LINE` when `column` is 0, `FILE` when `line` is 0 — the form
    /// editors and terminals turn into links.
    public static func location(file: String, line: Int, column: Int) -> String {
        guard line > 0 else { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}
