/// A problem with a schema document, naming the file and column where it was found.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The schema file, when the schema came from one.
    public var file: String?
    /// The column's name (or `#N` for the N-th column when its name is unknown).
    public var column: String?
    /// What is wrong, in words a user can act on.
    public var message: String

    public init(file: String? = nil, column: String?, message: String) {
        self.file = file
        self.column = column
        self.message = message
    }

    public var description: String {
        var prefix = file.map { "\($0): " } ?? ""
        if let column { prefix += "column \"\(column)\": " }
        return prefix + message
    }
}
