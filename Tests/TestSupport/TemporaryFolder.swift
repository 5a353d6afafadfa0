import Foundation

/// A fresh folder per test, removed when the value is dropped (shared by the test targets).
public final class TemporaryFolder {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to a file in the folder and returns its path.
    public func file(named name: String = "data.csv", bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    public func file(named name: String, _ text: String) -> String {
        file(named: name, bytes: Array(text.utf8))
    }

    public func file(_ text: String) -> String {
        file(named: "data.csv", bytes: Array(text.utf8))
    }

    public func contents(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// Names of the files in the folder (to check no temporary file is left behind).
    public var fileNames: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? []
    }
}
