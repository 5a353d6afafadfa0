import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan generate MODEL.pgan --rows N -o OUT.csv`: a thin layer over
/// ``SynthesizerModel/generate(rows:options:write:)`` and ``TableCSVWriter``.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic rows from a fitted model.",
        discussion: """
            Rows are streamed to the output in batches (constant memory, any row count) and the file \
            appears only when complete: it is written to a temporary file beside the target and renamed. \
            Every row is valid under the model's schema; id columns get fresh sequential ids.

            The same --seed (and --shard) always gives the same file. Without --seed a fresh seed is \
            drawn and printed, so a run can be repeated.

            --where column=value (repeatable) keeps only rows meeting every condition. The generator is \
            steered toward the first condition on a categorical, boolean or label column through its \
            conditional vector, and other rows are rejected; the acceptance rate is reported.

            --shard K/N generates part K of N of a --rows job: exactly its share of the rows, with ids \
            and random streams disjoint from the other parts, so N machines can share the work and \
            `cat` the parts (drop the header lines after the first: `tail -n +2`).
            """)

    @Argument(help: ArgumentHelp("The fitted model.", valueName: "model.pgan"))
    var model: String

    // `.unconditional` so that `--rows -5` reaches validate() and gets a real answer, instead of
    // "-5" being taken for an unknown flag and the value reported missing.
    @Option(name: .long, parsing: .unconditional, help: "How many rows to generate, 0 or more (the whole job when --shard is given).")
    var rows: Int

    @Option(name: [.short, .long], help: ArgumentHelp("Output CSV ('-' = standard output).", valueName: "out.csv"))
    var output: String = "-"

    @Option(name: .long, help: "Seed for a reproducible run.")
    var seed: UInt64?

    @Option(name: .long, parsing: .unconditional, help: "Rows per network pass.")
    var batchSize = 8192

    @Option(name: .customLong("where"), help: ArgumentHelp("A condition column=value every row must meet (repeatable).", valueName: "column=value"))
    var conditions: [String] = []

    @Option(name: .long, help: ArgumentHelp("Generate part K of N of the job (1-based).", valueName: "K/N"))
    var shard: String?

    @Option(name: .long, parsing: .unconditional, help: "Threads generating batches in parallel (does not change the output).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, parsing: .unconditional, help: "Threads for each batch's matrix products and layers (with one worker).")
    var threads = 1

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Refuse a run estimated to need more memory than this (e.g. 8G; default: half the physical memory).", valueName: "size"))
    var maxMemory: ByteCount?

    func validate() throws {
        if rows < 0 { throw ValidationError("--rows must be 0 or more, got \(rows)") }
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more, got \(batchSize)") }
        if threads < 1 { throw ValidationError("--threads must be 1 or more, got \(threads)") }
        if workers < 1 { throw ValidationError("--workers must be 1 or more, got \(workers)") }
        if let shard { _ = try Shard(parsing: shard) }
        for condition in conditions where !condition.contains("=") {
            throw ValidationError("--where takes column=value, got \"\(MessageText.escaped(condition))\"")
        }
        if !FileManager.default.fileExists(atPath: model) { throw ValidationError("no such file: \(MessageText.escaped(model))") }
    }

    func run() throws {
        try refuseOverwriting(outputs: [("--output", output)], inputs: [("the model", model)])
        let cleanup = SignalCleanup(what: output == "-" ? "generation stopped" : "nothing was written to \(output)")
        defer { withExtendedLifetime(cleanup) {} }
        let file = try loadModelFile(model)
        BLASThreads.count = threads
        let progress = ProgressBar(quiet: quiet || output == "-")
        let start = Date()
        let options = try generationOptions(progress: progress, start: start)
        if try kind(of: file, path: model) == .autoregressive {
            try generateAutoregressive(file, options: options, progress: progress, start: start)
            return
        }
        let fitted = try exitOnError { try SynthesizerModel.load(file, file: model) }
        let writer = try exitOnError("--output ") { try TableCSVWriter(path: output, schema: fitted.schema) }
        try checkFreeSpace(fitted)
        do {
            try MemoryEstimate.forGeneration(fitted, batchSize: batchSize, workers: workers)
                .check(budget: maxMemory?.bytes ?? MemoryEstimate.defaultBudget)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        try write(into: writer, progress: progress, schema: fitted.schema, start: start) {
            // Workers format their own batches as CSV, so writing overlaps generation.
            try fitted.generate(rows: rows, options: options, prepare: TableCSVWriter.encode) { try writer.append($0) }
        }
    }

    /// Runs `generate` into `writer` and publishes the file, or removes it, prints the error and exits 1;
    /// then prints the summary.
    func write(into writer: TableCSVWriter, progress: ProgressBar, schema: DatasetSchema, start: Date,
               _ generate: () throws -> SynthesizerModel.GenerationReport) throws {
        let report: SynthesizerModel.GenerationReport
        do {
            report = try generate()
            try writer.commit()
        } catch {
            writer.abort()
            progress.finish()
            printError("error: \(error)")
            throw ExitCode.failure
        }
        progress.finish()
        summarize(report, schema: schema, start: start)
    }

    /// The generation settings the flags describe, with a progress display.
    func generationOptions(progress: ProgressBar, start: Date) throws -> SynthesizerModel.GenerationOptions {
        var options = SynthesizerModel.GenerationOptions(seed: seed)
        options.batchSize = batchSize
        options.workers = workers
        options.conditions = conditions
        if let shard { options.shard = try Shard(parsing: shard) }
        options.progress = { @Sendable written, total in
            let rate = Double(written) / max(Date().timeIntervalSince(start), 1e-9)
            progress.update(fraction: Double(written) / Double(max(total, 1)),
                            message: "\(written)/\(total) rows, \(Int(rate)) rows/s, ETA \(ProgressBar.duration(Double(total - written) / max(rate, 1)))",
                            force: written == total)
        }
        return options
    }

    /// The closing line: rows, seed, time, acceptance rate and constraint repairs.
    func summarize(_ report: SynthesizerModel.GenerationReport, schema: DatasetSchema, start: Date) {
        if !quiet {
            var line = "generated \(report.rows) rows (seed \(report.seed)) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s"
            if output != "-" { line += " → \(output)" }
            if !conditions.isEmpty { line += String(format: "; %.1f%% of generated rows met the conditions", report.acceptanceRate * 100) }
            let rows = Double(max(1, report.rows))
            for (c, (constraint, repaired)) in zip(schema.constraints, report.constraintRepairs).enumerated() {
                line += "; \(constraint) repaired in " + String(format: "%.2f%% of rows", Double(repaired) / rows * 100)
                if c < report.childrenDrawnWithinParent.count, report.childrenDrawnWithinParent[c] > 0 {
                    line += String(format: " (a rare child drawn within its parent in %.2f%%)", Double(report.childrenDrawnWithinParent[c]) / rows * 100)
                }
            }
            printError(line)
        }
    }
}

extension GenerateCommand {
    /// Refuses (exit 1) a job whose estimated size exceeds the free space in the output's folder.
    private func checkFreeSpace(_ fitted: SynthesizerModel) throws {
        guard output != "-", let available = OutputFile.availableBytes(nearPath: output) else { return }
        let share = try shard.map { try Shard(parsing: $0).rowRange(total: rows).count } ?? rows
        let needed = try fitted.estimatedCSVBytes(rows: share)
        if needed > available {
            printError("error: --output \(output): \(share) rows need about \(Self.bytes(needed)) but its folder has \(Self.bytes(available)) free; free some space, choose another folder, or generate fewer rows (--rows, --shard)")
            throw ExitCode.failure
        }
    }

    static func bytes(_ count: UInt64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(count), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}

/// `body`'s result, or its error printed (after `prefix`) and exit status 1.
func exitOnError<T>(_ prefix: String = "", _ body: () throws -> T) throws -> T {
    do { return try body() } catch {
        printError("error: \(prefix)\(error)")
        throw ExitCode.failure
    }
}

/// Reads a model file's container (checksums verified), or prints why not and exits with status 1.
func loadModelFile(_ path: String) throws -> ModelFile { try exitOnError { try ModelFile.read(from: path) } }

/// The kind of model in a file, or prints why it is unknown and exits with status 1.
func kind(of file: ModelFile, path: String) throws -> ModelKind { try exitOnError { try ModelKind.of(file, path: path) } }

/// Loads a model file, or prints why not and exits with status 1.
func loadModel(_ path: String) throws -> SynthesizerModel { try exitOnError { try SynthesizerModel.load(from: path) } }
