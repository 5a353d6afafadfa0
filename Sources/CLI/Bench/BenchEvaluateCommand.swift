import ArgumentParser
import Foundation
import ProfileGAN
import ProfileGANBenchmarks

/// `profilegan bench evaluate`: the full evaluation on 100,000 × 20-column tables against the target
/// in docs/PERFORMANCE.md ("Evaluation": under 30 s on 2 cores).
struct BenchEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Time `evaluate` on large real, synthetic and holdout tables.",
        discussion: """
            Generates (before timing) --rows real and synthetic rows and --holdout-rows holdout rows with \
            20 correlated columns (10 continuous, 8 categorical, 2 boolean), then times Evaluator.run with \
            the target `churned` — every stage, with the default privacy sample — plus the HTML and JSON \
            output, and separately the privacy stage on every row (DCR of all synthetic rows against all \
            training rows: rows × rows distances). The reference rate printed first is this machine's \
            single-precision GEMM throughput on the distance kernel's shapes. Build with -c release first.
            """)

    @Option(help: "Rows in the real and in the synthetic table.")
    var rows = 100_000

    @Option(help: "Rows in the holdout table.")
    var holdoutRows = 20_000

    func validate() throws {
        if rows < 100 { throw ValidationError("--rows must be at least 100") }
        if holdoutRows < 10 { throw ValidationError("--holdout-rows must be at least 10") }
    }

    func run() throws {
        BLASThreads.count = 1  // as `evaluate` runs: one distance block per core
        let real = BenchEvaluationData.table(rows: rows, seed: 1)
        let synthetic = BenchEvaluationData.table(rows: rows, seed: 2, noise: 1.15)
        let holdout = BenchEvaluationData.table(rows: holdoutRows, seed: 3)
        print("bench evaluate: \(rows) real + \(rows) synthetic + \(holdoutRows) holdout rows, 20 columns, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let reference = SGEMMRate(m: 4096, n: 4096, k: 48)
        print(String(format: "reference: sgemm %.1f GFLOP/s (%d BLAS threads, %@)", reference.measure(rounds: 5), BLASThreads.count, reference.shapeDescription))

        let evaluator = try Evaluator(real: real, synthetic: synthetic, holdout: holdout, options: EvaluationOptions(target: "churned"))
        let clock = ContinuousClock()
        var stages: [(String, Duration)] = []
        let start = clock.now
        let report = evaluator.run { stages.append(($0, $1)) }
        let outputStart = clock.now
        let html = report.html(), json = report.jsonData()
        let output = clock.now - outputStart
        let total = clock.now - start
        for (stage, time) in stages { print(Self.line(stage, time)) }
        print(Self.line("html + json (\(html.utf8.count / 1024) + \(json.count / 1024) KiB)", output))
        let verdict = total < .seconds(30) ? "ok" : "MISSED"
        print(Self.line("total", total) + "   target < 30 s: \(verdict)")
        print(report.summaryText().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        let fullStart = clock.now
        let full = evaluator.privacy(queryRows: 0)
        let fullTime = clock.now - fullStart
        let pairs = Double(full.dcr.syntheticRows + full.dcr.holdoutRows) * Double(rows) + Double(2 * min(rows, holdoutRows)) * Double(rows)
        print(Self.line("privacy on every row (\(full.dcr.syntheticRows) + \(full.dcr.holdoutRows) DCR queries, \(full.mia?.members ?? 0) + \(full.mia?.nonMembers ?? 0) attack rows)", fullTime)
              + String(format: "   %.2f × 10^9 distances/s", pairs / BenchmarkClock.seconds(fullTime) / 1e9))
    }

    private static func line(_ label: String, _ time: Duration) -> String {
        "  " + label.padding(toLength: 72, withPad: " ", startingAt: 0) + String(format: "%8.2f s", BenchmarkClock.seconds(time))
    }
}
