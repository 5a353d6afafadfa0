import Foundation
import Testing
@testable import ProfileGANSchema

/// fixed_combinations with public pairs (`"pairs"`, `"pairs_file"`), and the row-level constraint
/// checks of validation.
@Suite struct ConstraintPairsTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("profilegan-pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func schemaText(constraint: String) -> String {
        """
        {"name": "p", "columns": [
          {"name": "country", "type": "categorical", "categories": ["DE", "FR"]},
          {"name": "city", "type": "categorical", "categories": ["Berlin", "Bonn", "Paris"]},
          {"name": "signup", "type": "continuous", "min": 0, "max": 100},
          {"name": "login", "type": "continuous", "min": 0, "max": 100, "nullable": true}],
         "constraints": [\(constraint), {"type": "inequality", "low": "signup", "high": "login"}]}
        """
    }

    @Test func pairsFileIsReadAndWrittenInline() throws {
        let dir = try Self.folder()
        try "city,country,note\nBerlin,DE,x\nBonn,DE,y\n\"Paris\",FR,z\n".write(to: dir.appendingPathComponent("pairs.csv"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("s.json")
        try Self.schemaText(constraint: #"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs_file": "pairs.csv"}"#)
            .write(to: file, atomically: true, encoding: .utf8)
        let schema = try DatasetSchema.load(from: file)
        let expected = [CategoryPair(parent: "DE", child: "Berlin"), CategoryPair(parent: "DE", child: "Bonn"), CategoryPair(parent: "FR", child: "Paris")]
        #expect(schema.constraints.first == .fixedCombinations(parent: "country", child: "city", pairs: expected))
        // A model file's copy of the schema carries the pairs inline and reads back equal.
        let json = schema.encodedJSON()
        #expect(String(decoding: json, as: UTF8.self).contains("\"pairs\""))
        #expect(try DatasetSchema.decode(json) == schema)
    }

    @Test func badPairsAreRefusedWithWhatIsWrong() throws {
        func message(_ constraint: String) -> String {
            do { _ = try DatasetSchema.decode(Data(Self.schemaText(constraint: constraint).utf8)); return "" } catch { return error.description }
        }
        #expect(message(#"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs": [["DE", "Lyon"]]}"#)
            .contains("\"Lyon\", which is not a category of city"))
        #expect(message(#"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs": [["IT", "Bonn"]]}"#)
            .contains("not a category of country"))
        #expect(message(#"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs": [], "pairs_file": "x.csv"}"#)
            .contains("not both"))
        #expect(message(#"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs_file": "missing.csv"}"#)
            .contains("missing.csv"))
    }

    /// validate names the row and cell of every broken constraint and the file is not valid.
    @Test func validationLocatesBrokenConstraints() throws {
        let dir = try Self.folder()
        let schema = try DatasetSchema.decode(Data(Self.schemaText(
            constraint: #"{"type": "fixed_combinations", "columns": ["country", "city"], "pairs": [["DE", "Berlin"], ["DE", "Bonn"], ["FR", "Paris"]]}"#).utf8))
        let csv = dir.appendingPathComponent("rows.csv").path
        try "country,city,signup,login\nDE,Berlin,10,20\nFR,Bonn,10,20\nDE,Bonn,30,20\nFR,Paris,5,\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let report = DatasetValidator(schema: schema).validate(csvAt: csv)
        #expect(!report.isValid)
        let lines = report.problems.map(\.description)
        #expect(lines.count == 2)
        #expect(lines.first { $0.hasPrefix("\(csv):3:2:") }?.contains("(\"FR\", \"Bonn\") is not an allowed (country, city) pair (\"Bonn\" is allowed with \"DE\")") == true)
        #expect(lines.first { $0.hasPrefix("\(csv):4:4:") }?.contains("below signup \"30\"") == true)
        #expect(throws: DatasetError.self) { try Table.load(csvAt: csv, schema: schema) }
    }
}
