import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench neural`: the training steps fits run (`GANTrainer`), plain and DP-SGD,
/// against `cblas_sgemm` measured in the same run (a thin layer over ``TrainingStepBenchmark``).
struct BenchNeuralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neural",
        abstract: "Time the training steps a fit runs (plain and DP-SGD) against the machine's sgemm rate.",
        discussion: """
            Builds the transformer, sampler and networks exactly as `fit` does on a table (given, or \
            --rows synthetic profiles with 7 columns: age, gender, country, interests, premium, spend), \
            then times the step the fit loop runs: the plain step (the discriminator update(s) with the \
            configured loss and pac, then the generator update) and the DP-SGD step (Poisson sample, \
            per-row ghost-norm clipping, Gaussian noise, then the generator update; bce, pac 1). Reports \
            median step times, the GFLOP/s of their matrix products and their share of the cblas_sgemm \
            rate (500×256×256) measured in the same run. Steps and reference products are interleaved \
            round by round, so background load affects them alike. Target (docs/PERFORMANCE.md): the \
            plain step at ≥ 60% of that rate. Build with `swift build -c release` first.
            """)

    @Argument(help: ArgumentHelp("A table to train on (default: synthetic profiles).", valueName: "data.csv"))
    var data: String?

    @Option(help: ArgumentHelp("The table's schema (with a data file).", valueName: "schema.json"))
    var schema: String?

    @Option(help: "Synthetic profile rows when no table is given.")
    var rows = 5_000

    @Option(help: "Comma-separated thread counts to measure.")
    var threads: String = "1,2"

    @Flag(help: "Give the threads to OpenBLAS' own pool (matrix products only) instead of ProfileGAN's (products and element-wise layers).")
    var openblasThreads = false

    @Option(help: "Rows per batch (a multiple of --pac).")
    var batchSize: Int = 500

    @Option(help: "Rows packed into one discriminator example of the plain step.")
    var pac: Int = 10

    @Option(help: "Adversarial loss of the plain step.")
    var loss: GANLoss = .wganGP

    @Option(help: "Timed steps per measurement (the median is reported).")
    var steps: Int = 20

    var threadCounts: [Int] { threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        let counts = threadCounts
        guard !counts.isEmpty, counts.count == threads.split(separator: ",").count, counts.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--threads must be a comma-separated list of positive integers, got '\(threads)'")
        }
        guard pac >= 1, batchSize >= 2 * pac, batchSize % pac == 0 else {
            throw ValidationError("--batch-size (\(batchSize)) must be a multiple of --pac (\(pac)) and hold at least two packs")
        }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard rows >= batchSize else { throw ValidationError("--rows (\(rows)) must hold at least one batch (\(batchSize))") }
        if (data == nil) != (schema == nil) { throw ValidationError("give a data file and --schema together, or neither") }
    }

    func run() throws {
        let table: Table
        if let data, let schema {
            table = try Table.load(csvAt: data, schema: try loadSchema(schema))
        } else {
            var generator = SeededGenerator(seed: 1)
            table = BenchProfiles.table(rows: rows, firstID: 0, generator: &generator)
        }
        var configuration = TrainingStepBenchmark.Configuration()
        configuration.training.batchSize = batchSize
        configuration.training.pac = pac
        configuration.training.loss = loss
        configuration.measuredSteps = steps
        var header = false
        BLASThreads.threadsFromOpenBLAS = openblasThreads
        for count in threadCounts {
            BLASThreads.count = count
            let r = try TrainingStepBenchmark.run(on: table, configuration)
            if !header {
                print("training steps on \(table.rowCount) rows: data width \(r.dataWidth), condition width \(r.conditionWidth), batch \(batchSize); plain \(loss.rawValue) pac \(pac) \(format(r.plainFLOPs / 1e9, 3)) GFLOP/step, DP bce pac 1 \(format(r.privateFLOPs / 1e9, 3)) GFLOP/step")
                print("threads  sgemm GFLOP/s  plain ms  plain GFLOP/s  % of sgemm  DP ms  DP GFLOP/s  % of sgemm")
                header = true
            }
            print(
                pad(String(count), 7), pad(format(r.sgemmRate, 1), 14), pad(format(r.plainStepSeconds * 1e3, 2), 9),
                pad(format(r.plainGFLOPS, 1), 14), pad(format(r.plainFractionOfSGEMM * 100, 1) + "%", 11),
                pad(format(r.privateStepSeconds * 1e3, 2), 6), pad(format(r.privateGFLOPS, 1), 11),
                pad(format(r.privateFractionOfSGEMM * 100, 1) + "%", 11))
            if !r.parametersFinite {
                throw ValidationError("parameters became non-finite during the benchmark; the timings are not representative")
            }
        }
    }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    private func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
}
