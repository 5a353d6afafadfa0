import Testing
@testable import profilegan

@Suite struct BenchNeuralCommandTests {
    @Test func parsesThreadListAndDefaults() throws {
        let command = try BenchNeuralCommand.parse(["--threads", "1, 2,4"])
        #expect(command.threadCounts == [1, 2, 4])
        #expect(command.batchSize == 500 && command.pac == 10)
    }

    @Test func rejectsBadArguments() {
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--threads", "1,x"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--threads", "0"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--batch-size", "505"]) }
        #expect(throws: (any Error).self) { try BenchNeuralCommand.parse(["--data-width", "0"]) }
    }
}
