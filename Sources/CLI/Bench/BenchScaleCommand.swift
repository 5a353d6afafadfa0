import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench scale`: fit and generation time and peak memory against the row count (a thin
/// layer over ``ScaleBenchmark``; each size runs in a child process so its peak memory is its own).
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Fit and generate on growing tables: time per epoch, preprocessing, peak memory, rows/s.",
        discussion: """
            For each size, a fresh `profilegan` process builds that many rows of a 20-column table \
            (10 continuous, 8 categorical, 2 boolean, correlated through shared latent factors), fits \
            it with the library's defaults (seed 1) for --epochs epochs and generates --generate-rows \
            rows (decoded, not written). Prints each stage before the first step, the mean time per \
            epoch, generation rows/s, the encoded table's size and the process's peak resident memory \
            (VmHWM). --city-categories N adds a `city` column with N Zipf-like categories and scores its \
            generated shape (TVComplement against the training rows) beside a same-size hold-out's. Training should grow linearly with rows, mixture fitting not at all (it uses a \
            bounded sample); docs/PERFORMANCE.md holds the targets. Build with -c release first.
            """)

    @Option(help: ArgumentHelp("Comma-separated row counts.", valueName: "n,n,…"))
    var sizes = "10000,100000,1000000"

    @Option(help: "Epochs fitted at each size.")
    var epochs = 1

    @Option(help: "Rows generated at each size.")
    var generateRows = 200_000

    @Option(help: "Add a `city` column with this many categories (Zipf-like) and score its generated shape against a hold-out's.")
    var cityCategories: Int?

    @Option(help: "One-hot entries a categorical column keeps at most (the fit's --max-one-hot).")
    var maxOneHot: Int?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: .hidden)
    var single: Int?

    var rowCounts: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let counts = rowCounts
        guard !counts.isEmpty, counts.count == sizes.split(separator: ",").count, counts.allSatisfy({ $0 >= 1_000 }) else {
            throw ValidationError("--sizes must be a comma-separated list of row counts of at least 1000, got '\(sizes)'")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard generateRows >= 0 else { throw ValidationError("--generate-rows must be 0 or more, got \(generateRows)") }
        if let cityCategories, cityCategories < 2 { throw ValidationError("--city-categories must be at least 2, got \(cityCategories)") }
    }

    func run() throws {
        if let single {
            BLASThreads.count = 1  // generation then runs one worker per core
            return try printJSON(ScaleBenchmark.run(rows: single, epochs: epochs, generateRows: generateRows, cityCategories: cityCategories,
                                                          maxOneHot: maxOneHot))
        }
        var results: [ScaleBenchmark.Measurement] = []
        for rows in rowCounts {
            let measurement = try measureInChild(rows: rows)
            results.append(measurement)
            if !json { print(Self.describe(measurement)) }
        }
        if json { try printJSON(results) }
    }

    private func measureInChild(rows: Int) throws -> ScaleBenchmark.Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = Bundle.main.executableURL
        }
        process.arguments = ["bench", "scale", "--single", String(rows), "--epochs", String(epochs),
                             "--generate-rows", String(generateRows)] + (cityCategories.map { ["--city-categories", String($0)] } ?? [])
            + (maxOneHot.map { ["--max-one-hot", String($0)] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the measurement at \(rows) rows failed (exit status \(process.terminationStatus)); see its message above")
        }
        return try JSONDecoder().decode(ScaleBenchmark.Measurement.self, from: data)
    }

    static func describe(_ m: ScaleBenchmark.Measurement) -> String {
        let mb = { (bytes: Int) in String(format: "%.0f MB", Double(bytes) / 1e6) }
        var lines = [String(format: "%d rows: fit %.2f s (%d epoch%@, %.2f s/epoch, %.0f rows/s); preprocessing %.2f s (%.0f%% of the fit)",
                            m.rows, m.fitSeconds, m.epochs, m.epochs == 1 ? "" : "s", m.secondsPerEpoch,
                            Double(m.rows) / max(m.secondsPerEpoch, 1e-9), m.preprocessingSeconds, m.preprocessingShare * 100)]
        lines += m.phases.map { String(format: "    %@: %.2f s", $0.name, $0.seconds) }
        lines.append(String(format: "    generate %d rows: %.0f rows/s; table built in %.2f s", m.generatedRows, m.generatedRowsPerSecond, m.tableSeconds))
        lines.append("    encoded table \(mb(m.encodedBytes)), peak resident \(mb(m.peakResidentBytes))"
                     + String(format: " (%.2f× the encoded table)", m.peakOverEncoded))
        if let categories = m.cityCategories, let synthetic = m.cityShapeSynthetic, let holdout = m.cityShapeHoldout {
            lines.append(String(format: "    city (%d categories): shape %.4f generated vs training, %.4f a hold-out of as many rows", categories, synthetic, holdout))
        }
        return lines.joined(separator: "\n")
    }
}
