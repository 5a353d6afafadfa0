import ProfileGANCSV

/// The dataset could not be loaded: it does not satisfy its schema, or the file is not readable
/// CSV. Holds the first problems found, each located at `FILE:LINE:COLUMN`.
public struct DatasetError: Error, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The first problems found, in file order (at most the validator's problem limit).
    public var problems: [ValidationProblem]
    /// How many problems were found in all (at least `problems.count`). When ``stoppedEarly``,
    /// the file was not read to the end and there may be more.
    public var problemCount: Int
    /// Whether reading stopped at the problem limit or at a structural CSV error.
    public var stoppedEarly: Bool

    /// An error listing `problems`; `problemCount` defaults to their number.
    public init(file: String, problems: [ValidationProblem], problemCount: Int? = nil, stoppedEarly: Bool = false) {
        self.file = file
        self.problems = problems
        self.problemCount = problemCount ?? problems.count
        self.stoppedEarly = stoppedEarly
    }

    /// A dataset error holding one CSV-level error.
    public init(_ error: CSVError) {
        self.init(file: error.file, problems: [ValidationProblem(error)], stoppedEarly: true)
    }

    /// How many problem lines ``description`` prints before summarising the rest.
    public static let printedProblemLimit = 20

    /// One `FILE:LINE:COLUMN: message` line per problem (at most ``printedProblemLimit``), then
    /// a count of the rest.
    public var description: String {
        ValidationReport.describe(problems: problems, problemCount: problemCount, stoppedEarly: stoppedEarly,
                                  limit: Self.printedProblemLimit)
    }
}

extension ValidationProblem {
    /// The problem a structural CSV error amounts to.
    public init(_ error: CSVError) {
        self.init(file: error.file, line: error.line, column: error.column, message: error.message)
    }
}
