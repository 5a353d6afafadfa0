import ArgumentParser
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
}
