import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench transforms`: how fast the data transformer fits, encodes and decodes, and how
/// the two mode assignments compare (a thin layer over ``TransformsBenchmark``).
struct BenchTransformsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transforms",
        abstract: "Time Gaussian-mixture fits and transformer fit/encode/decode; compare mode assignments.",
        discussion: """
            Fits a variational Gaussian mixture to --rows synthetic values of several shapes, then fits,
            encodes and decodes the table (resampled to --rows rows). Finally, for each continuous
            column, scores sampled vs argmax mode assignment: 1 - KS of values regenerated from
            per-mode normal laws of the encoded scalars (higher is easier for a generator).
            Build with -c release first.
            """)

    @Option(help: "The CSV file to measure on.")
    var data = "samples/profiles.csv"

    @Option(help: "Its schema.")
    var schema = "schemas/profiles.json"

    @Option(help: "Rows (and synthetic values per mixture fit) to time.")
    var rows = 100_000

    @Option(help: "Seed for the resampling and the fits.")
    var seed: UInt64 = 1

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
    }

    func run() throws {
        let table: Table
        do {
            table = try Table.load(csvAt: data, schema: try loadSchema(schema))
        } catch let error as DatasetError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let report: TransformsBenchmark.Report
        do {
            report = try TransformsBenchmark.run(table: table, rows: rows, seed: seed)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if json { try printJSON(report); return }
        print("Gaussian-mixture fits (\(rows) values each):")
        for m in report.mixtures {
            print("  \(m.distribution.padding(toLength: 30, withPad: " ", startingAt: 0)) \(m.modes) modes  \(String(format: "%.3f", m.seconds)) s")
        }
        let t = report.table
        print("Transformer on \(data) resampled to \(t.rows) rows (width \(t.width)):")
        print("  fit \(String(format: "%.3f", t.fitSeconds)) s, encode \(Int(t.encodeRowsPerSecond)) rows/s, decode \(Int(t.decodeRowsPerSecond)) rows/s")
        print("Mode assignment (1 - KS of per-mode-normal regeneration; higher is better):")
        for a in report.assignment {
            print("  \(a.column): \(a.modes) modes, sampled \(String(format: "%.4f", a.sampled)), argmax \(String(format: "%.4f", a.argmax))")
        }
    }
}
