import Foundation
import TestSupport
import Testing

/// `profilegan accountant`: exact JSON keys for tools, and argument validation.
@Suite struct AccountantCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    @Test func epsilonJSONHasTheDocumentedKeys() throws {
        let result = try Self.run([
            "accountant", "--sampling-rate", "0.01", "--noise-multiplier", "1.5", "--steps", "1000", "--delta", "1e-6", "--json",
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Double])
        #expect(Set(object.keys) == ["epsilon_rdp", "epsilon_pld", "optimal_order"])
        // Reference (dp_accounting): RDP 1.15270 at order 18, PLD 1.05976.
        #expect(abs(object["epsilon_rdp"]! / 1.1527 - 1) < 0.001)
        #expect(object["optimal_order"] == 18)
        #expect(abs(object["epsilon_pld"]! / 1.05976 - 1) < 0.02)
    }

    @Test func calibrationJSONHasTheDocumentedKeys() throws {
        let result = try Self.run([
            "accountant", "--sampling-rate", "0.1", "--epsilon", "3", "--steps", "300", "--delta", "1e-5", "--json",
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Double])
        #expect(Set(object.keys) == ["noise_multiplier_rdp", "noise_multiplier_pld"])
        #expect(abs(object["noise_multiplier_rdp"]! / 2.7715833530805734 - 1) < 0.001)
        #expect(abs(object["noise_multiplier_pld"]! / 2.5846278484905736 - 1) < 0.005)
    }

    @Test(arguments: [
        ["--sampling-rate", "0", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5"],
        ["--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "10", "--delta", "1"],
        ["--sampling-rate", "0.1", "--steps", "10", "--delta", "1e-5"],
        ["--sampling-rate", "0.1", "--noise-multiplier", "1", "--epsilon", "1", "--steps", "10", "--delta", "1e-5"],
        ["--sampling-rate", "0.1", "--noise-multiplier", "1", "--steps", "0", "--delta", "1e-5"],
    ])
    func badArgumentsExitNonZero(arguments: [String]) throws {
        #expect(try Self.run(["accountant"] + arguments).status != 0)
    }
}
