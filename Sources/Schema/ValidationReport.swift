/// The outcome of checking a CSV file against a schema with ``DatasetValidator``.
public struct ValidationReport: Sendable, Codable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Data records read (the header excluded).
    public var rowCount: Int
    /// The first problems found, in file order.
    public var problems: [ValidationProblem]
    /// All problems found (at least `problems.count`).
    public var problemCount: Int
    /// Whether reading stopped before the end (problem limit or a structural CSV error).
    public var stoppedEarly: Bool

    /// Whether the file satisfies the schema.
    public var isValid: Bool { problemCount == 0 }

    /// The problems as text (at most `limit` lines, then a count), or a one-line success summary.
    public func describe(limit: Int = DatasetError.printedProblemLimit) -> String {
        if isValid { return "\(file): \(rowCount) rows, all valid" }
        return Self.describe(problems: problems, problemCount: problemCount, stoppedEarly: stoppedEarly, limit: limit)
    }

    public var description: String { describe() }

    static func describe(problems: [ValidationProblem], problemCount: Int, stoppedEarly: Bool, limit: Int) -> String {
        var lines = problems.prefix(limit).map(\.description)
        let rest = problemCount - lines.count
        if rest > 0 {
            lines.append("… and \(rest) more problem\(rest == 1 ? "" : "s")\(stoppedEarly ? " (reading stopped early; there may be more)" : "")")
        }
        return lines.joined(separator: "\n")
    }
}
