import Foundation
import TestSupport
import Testing

/// Two real `profilegan` processes race for the last of a dataset's budget: at most one passes.
@Suite struct LedgerRaceTests {
    static func run(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func twoProcessesRacingForTheLastBudgetNeverBothPass() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-race-\(UUID().uuidString)")
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        // One such fit costs ε ≈ 2.1 (RDP), two composed ≈ 3; a cap of 2.5 admits exactly one.
        let mechanism = #"[{"kind":"poisson_gaussian","sampling_rate":0.01,"noise_multiplier":1.0,"steps":1000,"max_grad_norm":1}]"#
        for round in 0..<3 {
            let id = "race\(round)"
            let setup = try Self.run(["ledger", "set-budget", "--dataset-id", id, "--budget", "2.5", "--delta", "1e-5", "--accountant", "rdp", "--ledger", ledger])
            setup.waitUntilExit()
            #expect(setup.terminationStatus == 0)
            let racers = try (0..<2).map { _ in
                try Self.run(["ledger", "reserve", "--dataset-id", id, "--delta", "1e-5", "--mechanisms", mechanism, "--ledger", ledger])
            }
            racers.forEach { $0.waitUntilExit() }
            let passed = racers.filter { $0.terminationStatus == 0 }.count
            #expect(passed == 1, "round \(round): \(passed) processes passed")

            let audit = Process()
            audit.executableURL = CLIRunner.executable
            audit.arguments = ["audit", "--ledger", ledger, "--dataset-id", id, "--json"]
            let pipe = Pipe()
            audit.standardOutput = pipe
            try audit.run()
            let data = pipe.fileHandleForReading.readAllRetryingInterrupts()
            audit.waitUntilExit()
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect((object["fits"] as? [Any])?.count == 1)
            #expect((object["spent"] as? Double ?? .infinity) <= 2.5)
        }
    }
}
