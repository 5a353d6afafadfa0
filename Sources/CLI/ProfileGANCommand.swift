import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan`: the command-line face of the ProfileGAN library. Each subcommand is a thin layer
/// over a public library API (one `ParsableCommand` per file in this folder).
@main
struct ProfileGANCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profilegan",
        abstract: "Learn user-profile tables with a tabular GAN and generate synthetic profiles, optionally with differential privacy.",
        discussion: """
            Typical use:
              profilegan validate export.csv --schema s.json
              profilegan fit export.csv --schema s.json -o model.pgan [--epsilon 1]
              profilegan generate model.pgan --rows 100000 -o synth.csv
              profilegan evaluate --real export.csv --synthetic synth.csv --schema s.json --report r.html
              profilegan audit model.pgan
            """,
        version: ProfileGANVersion.string,
        subcommands: [
            ValidateCommand.self,
            SchemaCommand.self,
            FitCommand.self,
            GenerateCommand.self,
            EvaluateCommand.self,
            AccountantCommand.self,
            AuditCommand.self,
            LedgerCommand.self,
            BenchCommand.self,
        ])

    /// Runs the command line. `help NAME` with an unknown NAME is refused (exit 64) — ArgumentParser
    /// would print the overview and exit 0, so a typo in a script would look like success.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help", let unknown = unknownHelpTopic(Array(arguments.dropFirst())) {
            FileHandle.standardError.write(Data("error: \(unknown)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }

    /// Why `help NAMES…` names no command, or nil when every name is a (nested) subcommand.
    private static func unknownHelpTopic(_ names: [String]) -> String? {
        var subcommands: [ParsableCommand.Type] = configuration.subcommands
        for name in names where !name.hasPrefix("-") {
            var found: ParsableCommand.Type?
            for candidate in subcommands where candidate._commandName == name { found = candidate }
            guard let found else {
                var known: [String] = []
                for candidate in subcommands { known.append(candidate._commandName) }
                return "no such subcommand \"\(MessageText.escaped(name))\" (subcommands: \(known.joined(separator: ", ")))"
            }
            subcommands = found.configuration.subcommands
        }
        return nil
    }
}
