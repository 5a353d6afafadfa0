import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench fit DATA.csv --schema S.json`: wall time of a fit and of generating a million
/// rows, next to the floor the matrix products alone would take at this machine's sgemm rate.
struct BenchFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Time a fit and the generation of many rows, against the matrix-product floor.",
        discussion: """
            Fits with the given epochs and batch size (CTGAN's other defaults), then generates --rows \
            rows (decoded to typed tables, not written, as CTGAN's sample() returns a DataFrame) and \
            reports wall times, rows per second, and the floor: the FLOPs of every matrix product in a \
            training step (or a generator pass per row) divided by the cblas_sgemm rate measured in the \
            same run. To compare with CTGAN on the same table in the same sitting, run \
            ../shared/bench/peer-times.sh DATA.csv SCHEMA.json --epochs N --rows M right before or after.
            Build with `swift build -c release` first.
            """)

    @Argument(help: ArgumentHelp("Training data.", valueName: "data.csv"))
    var data: String

    @Option(help: ArgumentHelp("The dataset schema.", valueName: "schema.json"))
    var schema: String

    @Option(help: "Epochs to fit.")
    var epochs = 10

    @Option(help: "Batch size.")
    var batchSize = 500

    @Option(help: "Rows to generate.")
    var rows = 1_000_000

    @Option(help: "Rows per generation pass.")
    var generationBatch = 8192

    @Option(help: "Generation threads.")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Adversarial loss (wgan-gp is CTGAN's).")
    var loss: GANLoss = .wganGP

    @Option(help: "Rows per discriminator example (DP fits always use 1; compare a DP fit with --loss bce --pac 1).")
    var pac = 10

    @Option(help: "Weight of the pull towards the marginals (default: the library's; 0 = CTGAN's objective).")
    var marginalWeight: Float?

    @Option(help: "Threads for fitting (matrix products and layers).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Train with DP-SGD at this ε (times the private step instead).")
    var epsilon: Double?

    @Option(help: "Train with DP-SGD at this fixed noise multiplier σ (as DPCTGAN's sigma; no marginals released).")
    var noiseMultiplier: Double?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if epsilon != nil && noiseMultiplier != nil { throw ValidationError("give --epsilon or --noise-multiplier, not both") }
        if let noiseMultiplier, !(noiseMultiplier > 0 && noiseMultiplier.isFinite) { throw ValidationError("--noise-multiplier must be positive") }
        if let epsilon, !(epsilon > 0 && epsilon.isFinite) { throw ValidationError("--epsilon must be positive") }
    }

    func run() throws {
        BLASThreads.count = threads
        let table = try Table.load(csvAt: data, schema: try loadSchema(schema))
        var configuration = SynthesizerConfiguration()
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.seed = 1
        configuration.marginalWeight = marginalWeight
        var privacy: PrivacyOptions?
        if let epsilon {
            privacy = PrivacyOptions(target: .epsilon(epsilon))
        } else if let noiseMultiplier {
            privacy = PrivacyOptions(target: .noiseMultiplier(noiseMultiplier))
        } else {
            configuration.loss = loss
            configuration.pac = pac
        }

        // A benchmark's DP fits are charged to a throwaway ledger, not the user's.
        var fitOptions = Synthesizer.FitOptions()
        let ledgerFolder = FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: ledgerFolder) }
        if privacy != nil { fitOptions.ledger = try BudgetLedger(path: ledgerFolder.appendingPathComponent("ledger.sqlite").path) }
        let clock = ContinuousClock()
        let fitStart = clock.now
        let model = try Synthesizer.fit(table, configuration: configuration, privacy: privacy, options: fitOptions)
        let fitTime = clock.now - fitStart
        var generated = 0
        var options = SynthesizerModel.GenerationOptions(seed: 1)
        options.batchSize = generationBatch
        options.workers = workers
        // Workers generate in parallel only with single-threaded OpenBLAS (see BLASThreads).
        if workers > 1 { BLASThreads.count = 1 }
        let generateStart = clock.now
        try model.generate(rows: rows, options: options) { generated += $0.rowCount }
        let generateTime = clock.now - generateStart
        BLASThreads.count = threads
        let reference = SGEMMRate.trainingShape
        let sgemm = reference.measure()
        let work = TrainingStepBenchmark.flops(of: model)
        let flopsPerStep = work.perStep
        let steps = Double(model.summary.discriminatorSteps)
        let fitSeconds = BenchmarkClock.seconds(fitTime), generateSeconds = BenchmarkClock.seconds(generateTime)
        let fitFloor = flopsPerStep * steps / (sgemm * 1e9)
        let generateFloor = work.generatorForwardPerRow * Double(generated) / (sgemm * 1e9)
        let report = BenchFitReport(
            rows: table.rowCount, epochs: epochs, steps: Int(steps), loss: model.configuration.loss?.rawValue ?? "",
            dp: privacy != nil, fitSeconds: fitSeconds, secondsPerStep: fitSeconds / steps, gflopPerStep: flopsPerStep / 1e9,
            fitFloorSeconds: fitFloor, generatedRows: generated, generateSeconds: generateSeconds,
            rowsPerSecond: Double(generated) / generateSeconds, generateFloorSeconds: generateFloor, sgemmGFLOPS: sgemm)
        if json { return try printJSON(report) }
        print(String(format: """
            fit: %d rows, %d epochs, %d steps (%@%@): %.2f s, %.2f ms/step
                 matrix products %.3f GFLOP/step; floor at sgemm rate %.2f s (fit = %.1f× floor)
            generate: %d rows in %.2f s = %.0f rows/s with %d workers; floor %.2f s (%.1f× floor)
            cblas_sgemm (500×256×256, %d thread%@): %.1f GFLOP/s
            """, table.rowCount, epochs, Int(steps), report.loss, report.dp ? ", DP" : "", fitSeconds, fitSeconds / steps * 1000,
            flopsPerStep / 1e9, fitFloor, fitSeconds / fitFloor, generated, generateSeconds, report.rowsPerSecond, workers,
            generateFloor, generateSeconds / generateFloor, threads, threads == 1 ? "" : "s", sgemm))
    }
}

private struct BenchFitReport: Encodable {
    let rows: Int
    let epochs: Int
    let steps: Int
    let loss: String
    let dp: Bool
    let fitSeconds: Double
    let secondsPerStep: Double
    let gflopPerStep: Double
    let fitFloorSeconds: Double
    let generatedRows: Int
    let generateSeconds: Double
    let rowsPerSecond: Double
    let generateFloorSeconds: Double
    let sgemmGFLOPS: Double
}
