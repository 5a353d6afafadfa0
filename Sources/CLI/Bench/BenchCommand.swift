import ArgumentParser

/// `profilegan bench …`: performance measurements (not tests). Each suite prints its figures and the
/// machine's reference rates measured in the same run, so numbers are comparable across machines.
/// Build with `-c release` before benchmarking; docs/PERFORMANCE.md records the results.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and speed against the targets in docs/PERFORMANCE.md.",
        subcommands: [
            BenchCSVCommand.self,
            BenchNeuralCommand.self,
            BenchTransformsCommand.self,
            BenchFitCommand.self,
            BenchEvaluateCommand.self,
            BenchScaleCommand.self,
            BenchFidelityCommand.self,
            AccountantBenchCommand.self,
        ])
}
