import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan validate DATA.csv --schema S.json`: a thin layer over ``DatasetValidator``.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every cell of a CSV file against a dataset schema.",
        discussion: """
            Checks the header against the schema's columns (any order; no column missing, none extra), \
            then every cell: numbers parse, integer columns hold whole numbers, values lie within min..max, \
            categories and labels belong to their lists, booleans are spelled true/false (or 1/0, yes/no), \
            and empty cells appear only in nullable columns. The CSV itself must be well formed (RFC 4180, \
            UTF-8, same field count on every row).

            Each problem is printed on standard error as FILE:LINE:COLUMN: NAME: message, where LINE is the \
            physical line of the cell and COLUMN its 1-based field number in the file. At most 20 problems \
            are printed, then a count of the rest. Exit status: 0 valid, 1 problems found.

            The same checks run inside every command that reads a dataset.
            """)

    @Argument(help: ArgumentHelp("The CSV file to check ('-' reads standard input).", valueName: "data.csv"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The dataset schema (JSON; see schemas/dataset-schema.json).", valueName: "schema.json"))
    var schema: String

    @Flag(name: .long, help: "Print a JSON report on standard output instead of text.")
    var json = false

    @Flag(name: .long, help: "When the file is valid, also print one line per column: missing cells, range or most frequent values.")
    var summary = false

    @Option(name: .long, help: "How many problems to print (the rest are counted).")
    var maxProblems = DatasetError.printedProblemLimit

    func validate() throws {
        if maxProblems < 1 { throw ValidationError("--max-problems must be at least 1") }
        if data != "-" && !FileManager.default.fileExists(atPath: data) {
            throw ValidationError("no such file: \(MessageText.escaped(data))")
        }
    }

    func run() throws {
        let datasetSchema = try loadSchema(schema)
        let report = DatasetValidator(schema: datasetSchema, problemLimit: json ? 1000 : maxProblems).validate(csvAt: data)
        if json {
            try printJSON(ValidationJSON(report))
        } else if report.isValid {
            print(report.describe())
            if summary { try printSummary(datasetSchema) }
        } else {
            printError(report.describe(limit: maxProblems))
        }
        if !report.isValid { throw ExitCode.failure }
    }
}

extension ValidateCommand {
    /// Loads the (valid) file and prints its per-column summary. Standard input cannot be read
    /// twice, so the summary needs a file.
    private func printSummary(_ schema: DatasetSchema) throws {
        guard data != "-" else {
            printError("note: --summary needs a file, not standard input")
            return
        }
        do {
            print(try Table.load(csvAt: data, schema: schema).summaryLines().joined(separator: "\n"))
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}

/// The machine-readable form of a validation report.
private struct ValidationJSON: Encodable {
    let valid: Bool
    let file: String
    let rowCount: Int
    let problemCount: Int
    let stoppedEarly: Bool
    let problems: [ValidationProblem]

    init(_ report: ValidationReport) {
        valid = report.isValid
        file = report.file
        rowCount = report.rowCount
        problemCount = report.problemCount
        stoppedEarly = report.stoppedEarly
        problems = report.problems
    }
}
