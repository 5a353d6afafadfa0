import Foundation
import Testing

@Suite struct ValidateCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clitests-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func sampleCopy(_ edit: (inout [String]) -> Void) throws -> String {
        var lines = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("samples/profiles.csv"), encoding: .utf8)
            .components(separatedBy: "\n")
        edit(&lines)
        let path = folder.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func sampleValidates() throws {
        let outcome = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", "schemas/profiles.json"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "samples/profiles.csv: 5000 rows, all valid\n")
        let summary = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", "schemas/profiles.json", "--summary"])
        #expect(summary.status == 0)
        #expect(summary.stdout.split(separator: "\n").count == 7)
        #expect(summary.stdout.contains("premium    boolean      missing 0%  true 23.9%"))
    }

    /// The issue's "done when" cases: each exits non-zero with FILE:LINE:COLUMN: message.
    @Test(arguments: [
        ("u00009,25,male,US,music,true,extra", "9:7: record 8 has 7 fields, the header has 6"),
        ("u00009,2x5,male,US,music,true", "9:2: age: \"2x5\" is not a number"),
        ("u00009,250,male,US,music,true", "9:2: age: \"250\" is above the maximum 100"),
        ("u00009,25,robot,US,music,true", "9:3: gender: \"robot\" is not a category (expected one of: female, male, nonbinary)"),
        ("u00009,25,\"male,US,music,true", "9:3: unterminated quote: this quoted field is still open at the end of the file"),
    ])
    func badInputExitsNonZeroWithLocation(line: String, expected: String) throws {
        let path = try sampleCopy { $0[8] = line }
        let outcome = try CLIRunner.run(["validate", path, "--schema", "schemas/profiles.json"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("\(path):\(expected)\n"), "\(outcome.stderr)")
    }

    /// The export sample's constraints: a city moved to another country (the schema's public
    /// pairs_file) and a last login before the sign-up are located at their cells.
    @Test func brokenConstraintsAreLocated() throws {
        var lines = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("samples/export.csv"), encoding: .utf8)
            .components(separatedBy: "\n")
        #expect(lines[0] == "user_id,email,full_name,phone,signup_at,birth_date,country,city,interests,plan,last_login_at")
        var first = lines[1].components(separatedBy: ","), second = lines[2].components(separatedBy: ",")
        first[6] = first[6] == "US" ? "IS" : "US"
        second[10] = "2019-01-01T00:00:00+01:00"
        lines[1] = first.joined(separator: ",")
        lines[2] = second.joined(separator: ",")
        let path = folder.appendingPathComponent("export-broken.csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["validate", path, "--schema", "schemas/export.json"])
        #expect(outcome.status == 1)
        let problems = outcome.stderr.split(separator: "\n").map(String.init)
        #expect(problems.contains { $0.hasPrefix("\(path):2:8: city: (\"\(first[6])\", \"\(first[7])\") is not an allowed (country, city) pair") }, "\(outcome.stderr)")
        #expect(problems.contains { $0.hasPrefix("\(path):3:11: last_login_at: \"2019-01-01T00:00:00+01:00\" is below signup_at") }, "\(outcome.stderr)")
        let clean = try CLIRunner.run(["validate", "samples/export.csv", "--schema", "schemas/export.json"])
        #expect(clean.status == 0, "\(clean.stderr)")
    }

    @Test func printsAtMostTwentyProblemsThenACount() throws {
        let path = try sampleCopy { lines in
            for index in 1...30 { lines[index] = lines[index].replacingOccurrences(of: ",true", with: ",maybe")
                .replacingOccurrences(of: ",false", with: ",maybe") }
        }
        let outcome = try CLIRunner.run(["validate", path, "--schema", "schemas/profiles.json"])
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status == 1)
        #expect(lines.count == 21)
        #expect(lines.last == "… and 10 more problems")
    }

    @Test func jsonReportFromStandardInput() throws {
        let outcome = try CLIRunner.run(["validate", "-", "--schema", "schemas/profiles.json", "--json"],
                                        stdin: "user_id,age,gender,country,interests,premium\nu1,12,male,US,music,true\n")
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect(report["rowCount"] as? Int == 1)
        let problem = try #require((report["problems"] as? [[String: Any]])?.first)
        #expect(problem["file"] as? String == "<stdin>")
        #expect(problem["line"] as? Int == 2)
        #expect(problem["column"] as? Int == 2)
        #expect(problem["message"] as? String == "\"12\" is below the minimum 13")
    }

    @Test func badSchemaAndMissingFileAreClearErrors() throws {
        let schema = folder.appendingPathComponent("s.json").path
        try #"{"columns": [{"name": "age", "type": "continuous", "min": 5, "max": 1}]}"#.write(toFile: schema, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", schema])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("column \"age\": min (5.0) must be less than max (1.0)"))
        let missing = try CLIRunner.run(["validate", "nope.csv", "--schema", "schemas/profiles.json"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file: nope.csv"))
    }
}

@Suite struct SchemaInferCommandTests {
    @Test func infersWithPrivacyWarningAndWritesTheFile() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("infer-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let outcome = try CLIRunner.run(["schema", "infer", "samples/profiles.csv", "-o", output.path])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("warning: this schema was read from the data."))
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(schema["name"] as? String == "profiles")
        let types = (schema["columns"] as? [[String: Any]])?.map { $0["type"] as? String ?? "" }
        #expect(types == ["id", "continuous", "categorical", "categorical", "multilabel", "boolean"])
        // The proposal is a schema the validator accepts for the data it came from.
        let check = try CLIRunner.run(["validate", "samples/profiles.csv", "--schema", output.path])
        #expect(check.status == 0)
    }

    @Test func fromSDVMetadataOnStandardInput() throws {
        let metadata = FileManager.default.temporaryDirectory.appendingPathComponent("sdv-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: metadata) }
        try #"{"columns": {"zip": {"sdtype": "categorical"}, "n": {"sdtype": "numerical"}}}"#
            .write(to: metadata, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["schema", "infer", "-", "--from-sdv", metadata.path], stdin: "zip,n\n10115,1.5\n80331,2\n")
        #expect(outcome.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let columns = try #require(schema["columns"] as? [[String: Any]])
        #expect(columns[0]["type"] as? String == "categorical")
        #expect(columns[0]["categories"] as? [String] == ["10115", "80331"])
        #expect(columns[1]["type"] as? String == "continuous")
        #expect(schema["name"] as? String == "dataset")
    }

    @Test func helpExplainsEachCommand() throws {
        for command in [["--help"], ["validate", "--help"], ["schema", "--help"], ["schema", "infer", "--help"], ["bench", "csv", "--help"]] {
            let outcome = try CLIRunner.run(command)
            #expect(outcome.status == 0)
            #expect(outcome.stdout.contains("USAGE:"), "\(command)")
        }
        let infer = try CLIRunner.run(["schema", "infer", "--help"])
        #expect(infer.stdout.contains("PRIVACY"))
    }
}
