/// A problem fitting, applying or inverting a ``DataTransformer`` or ``ConditionalSampler``,
/// naming the column where there is one.
public struct TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column's name, when the problem belongs to one column.
    public var column: String?
    /// What is wrong, in words a user can act on.
    public var message: String

    public init(column: String?, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String {
        (column.map { "column \"\($0)\": " } ?? "") + message
    }
}
