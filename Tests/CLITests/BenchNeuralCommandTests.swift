import Testing
@testable import profilegan

@Suite struct BenchNeuralCommandTests {
    @Test func parsesThreadListAndDefaults() throws {
        let command = try BenchNeuralCommand.parse(["--threads", "1, 2,4"])
        #expect(command.threadCounts == [1, 2, 4])
        #expect(command.batchSize == 500 && command.pac == 10 && command.data == nil)
    }

    @Test func rejectsBadArguments() {
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--threads", "1,x"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--threads", "0"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--batch-size", "505"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--steps", "0"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["data.csv"]) }  // no --schema
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--rows", "100"]) }  // below one batch
    }

    @Test func timesTheTrainersStepsThroughTheBinary() throws {
        let result = try CLIRunner.run(["bench", "neural", "--rows", "600", "--steps", "2", "--threads", "1", "--batch-size", "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.contains("training steps on 600 rows") == true)
        // One row of figures for one thread count: thread count first, positive step times.
        let figures = try #require(lines.last).split(separator: " ").compactMap { Double($0.replacingOccurrences(of: "%", with: "")) }
        #expect(figures.count == 8 && figures[0] == 1 && figures[2] > 0 && figures[5] > 0)
    }
}
