import Foundation

/// The test data kept in the repository under `Tests/Fixtures/` (see its README for where each file
/// came from). Paths are resolved from this source file, so tests find them whatever the working
/// folder, and a fresh clone has everything it needs.
public enum Fixture {
    /// A fixture that is not where the suite expects it; the message names the full path.
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "test fixture missing: \(path) (see Tests/Fixtures/README.md)" }
    }

    /// The repository root (three levels above this file: Tests/TestSupport/Fixture.swift).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/` inside the repository.
    public static let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// The fixture at `relativePath` under `Tests/Fixtures/`, or `Missing` naming where it should be.
    public static func url(_ relativePath: String) throws -> URL {
        let url = folder.appendingPathComponent(relativePath).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    /// The fixture's path relative to the repository root (for the CLI tests, which run the binary
    /// there), after checking it exists.
    public static func relativePath(_ relativePath: String) throws -> String {
        _ = try url(relativePath)
        return "Tests/Fixtures/" + relativePath
    }

    /// The fixture's bytes; `Missing` when it is absent.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The fixture decoded as JSON into `T`; `Missing` when it is absent, the decoder's error when it
    /// does not parse.
    public static func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(relativePath))
    }

    /// A real table's folder under `Tests/Fixtures/data/` (SLID or bfi).
    public static func dataFolder(_ name: String) throws -> URL {
        try url("data/\(name)")
    }
}
