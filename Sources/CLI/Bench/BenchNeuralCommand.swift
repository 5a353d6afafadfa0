import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan bench neural`: one CTGAN-sized training step on the neural core, plain and with
/// per-example clipping, against `cblas_sgemm` measured in the same run.
struct BenchNeuralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neural",
        abstract: "Time one GAN training step (generator + discriminator, forward + backward) on the neural core.",
        discussion: """
            Builds CTGAN-shaped networks (generator noise+condition → residual 256 → residual 256 → data \
            width; discriminator pac × (data + condition) → 256 → 256 → 1) and times a discriminator step \
            plus a generator step with BCE losses and Adam, then the same step with ghost-norm per-example \
            clipping of every discriminator backward pass. Reports the median step time, the GFLOP/s of \
            its matrix products and their share of the cblas_sgemm rate (500×256×256) measured in the \
            same run. Targets: ≥ 50% of that rate; clipped step ≤ 1.3× the plain step. "noise ms" is the \
            time to draw the generator's N(0, 1) input noise for one step; it is done before each timed \
            step (input preparation, not network work) and reported on its own. Plain, clipped and reference \
            timings are interleaved round by round, so background load affects them alike.
            Build with `swift build -c release` first.
            """)

    @Option(help: "Comma-separated OpenBLAS thread counts to measure.")
    var threads: String = "1,2"

    @Option(help: "Rows per batch (a multiple of --pac).")
    var batchSize: Int = 500

    @Option(help: "Width of one transformed data row.")
    var dataWidth: Int = 120

    @Option(help: "Width of the condition vector.")
    var conditionWidth: Int = 30

    @Option(help: "Rows packed into one discriminator example.")
    var pac: Int = 10

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
        guard dataWidth >= 1, conditionWidth >= 1, steps >= 1 else {
            throw ValidationError("--data-width, --condition-width and --steps must be positive")
        }
    }

    func run() throws {
        var configuration = NeuralBenchmark.Configuration()
        configuration.batchSize = batchSize
        configuration.dataWidth = dataWidth
        configuration.conditionWidth = conditionWidth
        configuration.pac = pac
        configuration.measuredSteps = steps
        print("neural step: batch \(batchSize), noise 128 + condition \(conditionWidth), data width \(dataWidth), pac \(pac)")
        print("threads  sgemm GFLOP/s  plain ms  plain GFLOP/s  % of sgemm  clipped ms  clipped/plain  noise ms")
        for count in threadCounts {
            let r = NeuralBenchmark.run(configuration, threads: count)
            print(
                pad(String(r.threads), 7), pad(format(r.sgemmPeak, 1), 14), pad(format(r.plainStepSeconds * 1e3, 2), 9),
                pad(format(r.plainGFLOPS, 1), 14), pad(format(r.fractionOfPeak * 100, 1) + "%", 11),
                pad(format(r.clippedStepSeconds * 1e3, 2), 11), pad(format(r.clippedOverPlain, 3), 14),
                pad(format(r.noiseSamplingSeconds * 1e3, 2), 9))
            if !r.parametersFinite {
                throw ValidationError("parameters became non-finite during the benchmark; the timings are not representative")
            }
        }
        print("matrix-product work per step: \(format(NeuralBenchmark.flopsPerStep(configuration) / 1e9, 3)) GFLOP")
    }

    private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    private func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
}
