import Foundation

/// Prints a value as JSON on stdout (pretty, keys sorted). Non-finite numbers have no JSON form; the
/// encoder refuses them and the command reports the error.)
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
