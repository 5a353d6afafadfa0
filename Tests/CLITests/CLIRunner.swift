import Foundation
import TestSupport

/// Runs the built `profilegan` executable (SwiftPM builds it next to the test bundle because
/// CLITests depends on it).
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("profilegan"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("profilegan"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("profilegan"),
            packageRoot.appendingPathComponent(".build/release/profilegan"),
            packageRoot.appendingPathComponent(".build/debug/profilegan"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }

    /// Runs `profilegan arguments…` in the package root, feeding `stdin` if given.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readAllRetryingInterrupts()
        let errData = err.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}
