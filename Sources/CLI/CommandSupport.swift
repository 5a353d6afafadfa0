import ArgumentParser
import Foundation
import ProfileGAN

/// Loads a schema file, or prints why not and exits with status 1.
func loadSchema(_ path: String) throws -> DatasetSchema {
    do {
        return try DatasetSchema.load(from: URL(fileURLWithPath: path))
    } catch {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

/// Writes a line to standard error, with control characters from user data escaped (a NUL or an
/// escape sequence in a file name or a cell must not reach the terminal raw).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((MessageText.escaped(text, keepingLineBreaks: true) + "\n").utf8))
}

/// Prints a value as pretty JSON with sorted keys on standard output. Non-finite numbers have no
/// JSON form, so the encoder refuses them and the error is reported rather than printing bad JSON.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
