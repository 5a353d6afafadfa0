import ArgumentParser
import Dispatch
import Foundation
import ProfileGAN

/// Refuses (exit 1) when an output is the same file as an input or as another output, naming both.
/// `nil` entries (options not given) are skipped.
func refuseOverwriting(outputs: [OutputConflict.NamedPath?], inputs: [OutputConflict.NamedPath?]) throws {
    do {
        try OutputConflict.check(outputs: outputs.compactMap { $0 }, inputs: inputs.compactMap { $0 })
    } catch {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

/// Creates `path`'s output file now (unnamed until committed), so a folder that cannot take it stops
/// the command before any work; prints why not and exits 1.
func prepareOutput(_ path: String, role: String) throws -> OutputFile {
    do {
        return try OutputFile(path: path)
    } catch {
        printError("error: \(role) \(error)")
        throw ExitCode.failure
    }
}

/// On SIGINT or SIGTERM: removes any named temporary output of this process and exits (128 + signal)
/// with a message saying nothing was written. Unnamed (`O_TMPFILE`) outputs vanish by themselves.
final class SignalCleanup {
    private let sources: [DispatchSourceSignal]

    init(what: String) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                OutputFile.removeTemporaryFiles()
                FileHandle.standardError.write(Data("\ninterrupted (\(number == SIGINT ? "SIGINT" : "SIGTERM")): \(what)\n".utf8))
                _exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
