import Foundation
import Testing
import TestSupport
@testable import ProfileGANSchema

/// The shipped sample against its schema, corrupted copies of it, and the planted dependencies
/// samples/README.md promises.
@Suite struct SampleDataTests {
    let folder = TemporaryFolder()
    let samplePath = packageRoot.appendingPathComponent("samples/profiles.csv").path
    let schema: DatasetSchema

    init() throws {
        schema = try DatasetSchema.load(from: packageRoot.appendingPathComponent("schemas/profiles.json"))
    }

    @Test func sampleIsValid() {
        let report = DatasetValidator(schema: schema).validate(csvAt: samplePath)
        #expect(report.isValid, "\(report)")
        #expect(report.rowCount == 5000)
    }

    /// A copy of the sample with `edit` applied to its lines (line 1 is the header).
    private func corrupted(_ edit: (inout [String]) -> Void) throws -> String {
        var lines = try String(contentsOfFile: samplePath, encoding: .utf8).components(separatedBy: "\n")
        edit(&lines)
        return folder.file(lines.joined(separator: "\n"))
    }

    private func replaceField(_ lines: inout [String], line: Int, field: Int, with value: String) {
        var fields = lines[line - 1].components(separatedBy: ",")
        fields[field - 1] = value
        lines[line - 1] = fields.joined(separator: ",")
    }

    @Test func corruptedCopiesFailAtTheRightPlace() throws {
        let path = try corrupted { lines in
            replaceField(&lines, line: 10, field: 2, with: "twenty")
            replaceField(&lines, line: 20, field: 2, with: "130")
            replaceField(&lines, line: 30, field: 3, with: "robot")
            replaceField(&lines, line: 40, field: 4, with: "XX")
            replaceField(&lines, line: 50, field: 5, with: "music;knitting")
            replaceField(&lines, line: 60, field: 6, with: "perhaps")
            replaceField(&lines, line: 70, field: 2, with: "")
        }
        let report = DatasetValidator(schema: schema).validate(csvAt: path)
        #expect(report.problems.map { "\($0.line):\($0.column):\($0.columnName ?? "")" } == [
            "10:2:age", "20:2:age", "30:3:gender", "40:4:country", "50:5:interests", "60:6:premium", "70:2:age",
        ])
        #expect(report.rowCount == 5000)
    }

    @Test func raggedRowAndUnterminatedQuoteInTheSample() throws {
        let ragged = try corrupted { $0[1233] += ",extra" }
        let raggedReport = DatasetValidator(schema: schema).validate(csvAt: ragged)
        #expect(raggedReport.problems.map(\.description) == ["\(ragged):1234:7: record 1233 has 7 fields, the header has 6"])

        let quoted = try corrupted { lines in replaceField(&lines, line: 4000, field: 3, with: "\"male") }
        let quoteReport = DatasetValidator(schema: schema).validate(csvAt: quoted)
        #expect(quoteReport.problems.map(\.description) == ["\(quoted):4000:3: unterminated quote: this quoted field is still open at the end of the file"])
    }

    @Test func plantedDependenciesMatchTheReadme() throws {
        let table = try Table.load(csvAt: samplePath, schema: schema)
        guard case .continuous(let ages) = table.column(named: "age"),
              case .categorical(let genders, let genderNames) = table.column(named: "gender"),
              case .categorical(let countries, let countryNames) = table.column(named: "country"),
              case .multilabel(let flags, let missing, let labels) = table.column(named: "interests"),
              case .boolean(let premium) = table.column(named: "premium") else {
            Issue.record("unexpected column kinds")
            return
        }
        let male = Int32(genderNames.firstIndex(of: "male")!)
        let sports = labels.firstIndex(of: "sports")!
        let rich = Set(["US", "GB", "DE", "JP"].map { Int32(countryNames.firstIndex(of: $0)!) })
        func proportion(_ rows: [Int], _ event: (Int) -> Bool) -> Double {
            Double(rows.filter(event).count) / Double(rows.count)
        }
        let known = (0..<table.rowCount).filter { !missing[$0] }
        let youngMen = known.filter { genders[$0] == male && ages[$0] < 30 }
        let others = known.filter { !(genders[$0] == male && ages[$0] < 30) }
        let hasSports = { (row: Int) in flags[row * labels.count + sports] == 1 }
        // The figures samples/README.md states.
        #expect(abs(proportion(youngMen, hasSports) - 0.603) < 0.0005)
        #expect(abs(proportion(others, hasSports) - 0.204) < 0.0005)
        let olderRich = (0..<table.rowCount).filter { ages[$0] >= 35 && rich.contains(countries[$0]) }
        #expect(abs(proportion(olderRich) { premium[$0] == 1 } - 0.388) < 0.0005)
        #expect(Set(genderNames) == ["female", "male", "nonbinary"])
        #expect(genders.contains(-1) && countries.contains(-1) && missing.contains(true))
    }

    @Test(arguments: ["SLID", "bfi"])
    func sharedDatasetsLoadWithTheirSchemas(name: String) throws {
        let folder = try Fixture.dataFolder(name)
        let schema = try DatasetSchema.load(from: folder.appendingPathComponent("schema.json"))
        let table = try Table.load(csvAt: folder.appendingPathComponent("train.csv").path, schema: schema)
        let lines = try String(contentsOf: folder.appendingPathComponent("train.csv"), encoding: .utf8)
            .split(separator: "\n").count
        #expect(table.rowCount == lines - 1)
        #expect(table.columns.count == schema.columns.count)
    }
}
