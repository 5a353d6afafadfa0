import Foundation
import ProfileGANPrivacy
import ProfileGANSchema
import Testing
import TestSupport
@testable import ProfileGANSynthesizer

/// Dataset ids name the rows, not the file: re-exports share one, another table gets another, and
/// nobody without the ledger can check a guess.
@Suite struct CanonicalDigestTests {
    static let schema = "schemas/profiles.json"
    static let lines: [String] = {
        let text = try! String(contentsOf: Fixture.repositoryRoot.appendingPathComponent("samples/profiles.csv"), encoding: .utf8)
        return text.split(separator: "\n").prefix(301).map(String.init)
    }()

    func table(_ contents: String, _ folder: TemporaryFolder, _ name: String) throws -> Table {
        let schema = try DatasetSchema.load(from: Fixture.repositoryRoot.appendingPathComponent(Self.schema))
        return try Table.load(csvAt: folder.file(named: name, contents), schema: schema)
    }

    @Test func reExportsShareTheDigestAndAnotherTableDoesNot() throws {
        let folder = TemporaryFolder()
        let header = Self.lines[0], rows = Array(Self.lines.dropFirst())
        let lf = try table((Self.lines + [""]).joined(separator: "\n"), folder, "lf.csv")
        let crlfBOM = try table("\u{FEFF}" + (Self.lines + [""]).joined(separator: "\r\n"), folder, "crlf.csv")
        let shuffled = try table(([header] + rows.reversed() + [""]).joined(separator: "\n"), folder, "shuffled.csv")
        // Every non-empty field quoted (an empty field stays empty: quoted, it would be an empty value).
        func quote(_ field: Substring) -> String { field.isEmpty || field.hasPrefix("\"") ? String(field) : "\"\(field)\"" }
        let quoted = try table((Self.lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(quote).joined(separator: ",") } + [""])
            .joined(separator: "\n"), folder, "quoted.csv")
        let digest = lf.canonicalDigest()
        #expect(crlfBOM.canonicalDigest() == digest)
        #expect(shuffled.canonicalDigest() == digest)
        #expect(quoted.canonicalDigest() == digest)
        let fewer = try table(([header] + rows.dropLast() + [""]).joined(separator: "\n"), folder, "fewer.csv")
        #expect(fewer.canonicalDigest() != digest)
        var changed = rows
        changed[7] = changed[7].replacingOccurrences(of: "true", with: "false")
        let edited = try table(([header] + changed + [""]).joined(separator: "\n"), folder, "edited.csv")
        if changed[7] != rows[7] { #expect(edited.canonicalDigest() != digest) }

        // Keyed by the ledger: one id per ledger for all re-exports, never the raw digest.
        let ledger = try BudgetLedger(path: Synthesizer.FitOptions.temporaryLedgerPath())
        let id = try ledger.datasetID(canonicalDigest: digest)
        #expect(try ledger.datasetID(canonicalDigest: shuffled.canonicalDigest()) == id)
        #expect(!id.contains(digest.map { String(format: "%02x", $0) }.joined().prefix(12)))
    }
}
