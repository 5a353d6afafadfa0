import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan schema infer DATA.csv`: a thin layer over ``SchemaInference``.
struct SchemaInferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Propose a schema for a CSV file, to be reviewed before use.",
        discussion: """
            Reads the whole file once. Numbers become continuous columns (integer when all are whole) with \
            bounds rounded outwards; true/false columns become boolean; text with few distinct values becomes \
            categorical; cells holding ';' or '|'-separated labels become multilabel; id-like names with many \
            distinct values, and free text, become id columns (not learned). Columns with empty cells are \
            nullable. Questionable choices are reported as warnings on standard error.

            With --from-sdv, column types come from an SDV metadata.json (sdtype numerical, categorical, \
            boolean, id; other sdtypes are kept as ids); bounds and categories still come from the data.

            PRIVACY: bounds and categories read from the data are facts about the private rows. Review them \
            and replace them with public knowledge before training with differential privacy.
            """)

    @Argument(help: ArgumentHelp("The CSV file to read ('-' reads standard input).", valueName: "data.csv"))
    var data: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the schema here (default: standard output).", valueName: "schema.json"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Take column types from an SDV metadata file.", valueName: "metadata.json"))
    var fromSdv: String?

    @Option(name: .long, help: "The schema's name (default: the file name without extension).")
    var name: String?

    @Option(name: .long, help: "The most distinct values a categorical or multilabel column may have.")
    var maxCategories = 50

    func validate() throws {
        if maxCategories < 2 { throw ValidationError("--max-categories must be at least 2") }
        if data != "-" && !FileManager.default.fileExists(atPath: data) { throw ValidationError("no such file: \(MessageText.escaped(data))") }
        if let fromSdv, !FileManager.default.fileExists(atPath: fromSdv) { throw ValidationError("no such file: \(MessageText.escaped(fromSdv))") }
    }

    func run() throws {
        try refuseOverwriting(outputs: [output.map { ("--output", $0) }],
                              inputs: [("the data", data), fromSdv.map { ("--from-sdv", $0) }])
        let schemaOutput = try output.map { try prepareOutput($0, role: "--output") }
        var options = SchemaInference.Options()
        options.maxCategories = maxCategories
        var warnings: [String] = []
        if let fromSdv {
            do {
                let metadata = try SDVMetadata.load(from: fromSdv)
                options.typeHints = metadata.typeHints
                warnings += metadata.warnings
            } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
        let result: SchemaInference.Result
        do {
            result = try SchemaInference.infer(csvAt: data, name: name ?? defaultName, options: options)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        for warning in warnings + result.warnings { printError("warning: \(warning)") }
        printError(SchemaInference.privacyWarning)
        let json = result.schema.encodedJSON() + Data("\n".utf8)
        if let output, let schemaOutput, output != "-" {
            do {
                try schemaOutput.write(Array(json))
                try schemaOutput.commit()
            } catch {
                printError("error: --output \(error)")
                throw ExitCode.failure
            }
            printError("wrote \(output): \(result.schema.columns.count) columns from \(result.rowCount) rows")
        } else {
            FileHandle.standardOutput.write(json)
        }
    }

    private var defaultName: String {
        data == "-" ? "dataset" : URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
    }
}
