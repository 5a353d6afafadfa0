import Foundation
import Testing
import TestSupport
@testable import ProfileGANSchema

@Suite struct DateTimeColumnTests {
    let folder = TemporaryFolder()

    @Test(arguments: [
        ("1970-01-01", DateTimeFormat.date, 0.0),
        ("2000-02-29", .date, 951_782_400),
        ("2024-05-01T13:45:00+02:00", .dateTime, 1_714_563_900),
        ("2024-05-01T11:45:00Z", .dateTime, 1_714_563_900),
        ("2024-05-01 11:45:00.25+0000", .dateTime, 1_714_563_900.25),
        ("2024-05-01T06:45-05:00", .dateTime, 1_714_563_900),
        ("01/05/2024 13:45 +0200", .pattern("%d/%m/%Y %H:%M %z"), 1_714_563_900),
        ("1969-12-31", .date, -86_400),
    ])
    func parsesInstants(text: String, format: DateTimeFormat, seconds: Double) {
        #expect(DateTimeCodec(format: format).parse(Array(text.utf8)) == seconds)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "2024-5-01", "2024-05-01x", "24-05-01", ""])
    func rejectsImpossibleDates(text: String) {
        #expect(DateTimeCodec(format: .date).parse(Array(text.utf8)) == nil)
    }

    @Test(arguments: ["2024-05-01T24:00:00Z", "2024-05-01T13:45:00", "2024-05-01T13:60:00Z", "2024-05-01T13:45:00+25:00"])
    func rejectsImpossibleTimes(text: String) {
        #expect(DateTimeCodec(format: .dateTime).parse(Array(text.utf8)) == nil)
    }

    @Test func writesInTheColumnsOffsetAndRoundTrips() {
        let codec = DateTimeCodec(format: .dateTime, offsetSeconds: 3600)
        #expect(codec.string(1_714_563_900) == "2024-05-01T12:45:00+01:00")
        #expect(DateTimeCodec(format: .dateTime).string(1_714_563_900.4) == "2024-05-01T11:45:00Z")
        #expect(DateTimeCodec(format: .date).string(951_782_400 + 40_000) == "2000-02-29")
        #expect(DateTimeCodec(format: .pattern("%Y%m%d-%H%M%S%z"), offsetSeconds: -16_200).string(0) == "19691231-193000-0430")
        // Every day over four centuries: text → seconds → text is the identity.
        let dates = DateTimeCodec(format: .date)
        for day in stride(from: -80_000, to: 80_000, by: 1) {
            let text = dates.string(Double(day) * 86_400)
            guard dates.parse(Array(text.utf8)) == Double(day) * 86_400 else { Issue.record("\(day) \(text)"); return }
        }
    }

    @Test func schemaKeysBoundsAndErrors() throws {
        let json = #"{"columns": [{"name": "t", "type": "datetime", "format": "datetime", "min": "2020-01-01T00:00:00Z", "max": "2026-01-01T00:00:00+01:00", "offset": "+01:00"}]}"#
        let schema = try DatasetSchema.decode(Data(json.utf8))
        #expect(schema.columns[0].kind == .datetime(format: .dateTime, min: 1_577_836_800, max: 1_767_222_000, offset: 3600))
        #expect(try DatasetSchema.decode(try JSONEncoder().encode(schema)) == schema)
        #expect(schema.columns[0].kind.numericRange! == (1_577_836_800, 1_767_222_000, true))
        for (bad, message) in [
            (#"{"columns": [{"name": "t", "type": "datetime", "format": "%d.%m"}]}"#,
             #"s.json: column "t": format "%d.%m" is neither "date", "datetime" nor a pattern of %Y %m %d %H %M %S %z %% (with %Y)"#),
            (#"{"columns": [{"name": "t", "type": "datetime", "format": "date", "min": "2020-02-30"}]}"#,
             #"s.json: column "t": min "2020-02-30" is not a valid instant in the column's format date (e.g. 2024-05-01)"#),
            (#"{"columns": [{"name": "t", "type": "datetime", "format": "date", "min": "2020-01-02", "max": "2020-01-01"}]}"#,
             #"s.json: column "t": min (2020-01-02) must be before max (2020-01-01)"#),
        ] {
            do { _ = try DatasetSchema.decode(Data(bad.utf8), file: "s.json"); Issue.record("decoded \(bad)") } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func badDatesAreReportedWithLineAndColumnAndGoodOnesWriteBack() throws {
        let schema = try DatasetSchema(name: "d", columns: [
            ColumnSchema(name: "birth_date", kind: .datetime(format: .date, min: 0, max: 1_700_000_000, offset: 0), nullable: true),
            ColumnSchema(name: "signup_at", kind: .datetime(format: .dateTime, min: nil, max: nil, offset: 3600)),
        ])
        let bad = folder.file(named: "bad.csv", "birth_date,signup_at\n1980-02-30,2024-05-01T13:45:00+02:00\n1960-01-01,yesterday\n,2024-05-01T13:45:00Z\n")
        #expect(DatasetValidator(schema: schema).validate(csvAt: bad).problems.map(\.description) == [
            "\(bad):2:1: birth_date: \"1980-02-30\" is not a valid date in the format date (e.g. 2024-05-01)",
            "\(bad):3:1: birth_date: \"1960-01-01\" is before the minimum 1970-01-01",
            "\(bad):3:2: signup_at: \"yesterday\" is not a valid date and time in the format datetime (e.g. 2024-05-01T13:45:00+02:00)",
        ])
        let good = folder.file(named: "good.csv", "birth_date,signup_at\n1980-02-29,2024-05-01T13:45:00+02:00\n,2024-05-01T13:45:00Z\n")
        let table = try Table.load(csvAt: good, schema: schema)
        #expect(table.columns[1] == .continuous([1_714_563_900, 1_714_571_100]))
        let out = folder.url.appendingPathComponent("out.csv").path
        try table.writeCSV(to: out)
        #expect(folder.contents(out) == "birth_date,signup_at\n1980-02-29,2024-05-01T12:45:00+01:00\n,2024-05-01T14:45:00+01:00\n")
    }

    @Test func inferenceDetectsDatesAndDateTimes() throws {
        var lines = ["birth_date,signup_at,code"]
        for i in 0..<60 { lines.append("19\(50 + i % 40)-0\(1 + i % 9)-1\(i % 10),2024-0\(1 + i % 9)-0\(1 + i % 9)T10:00:0\(i % 10)+01:00,2024-\(i)") }
        let path = folder.file(lines.joined(separator: "\n") + "\n")
        let result = try SchemaInference.infer(csvAt: path, name: "d")
        guard case .datetime(.date, _?, _?, 0) = result.schema.columns[0].kind,
              case .datetime(.dateTime, _?, _?, 3600) = result.schema.columns[1].kind else {
            Issue.record("\(result.schema.columns.map(\.kind))"); return
        }
        #expect(result.schema.columns[2].kind.typeName != "datetime")
        #expect(DatasetValidator(schema: result.schema).validate(csvAt: path).isValid)
    }
}

@Suite struct CategoriesFileTests {
    let folder = TemporaryFolder()

    @Test func categoriesComeFromAFileNextToTheSchema() throws {
        _ = folder.file(named: "cities.txt", "Porto\r\nLyon\n\nOslo\n")
        let schemaPath = folder.file(named: "s.json", #"{"columns": [{"name": "city", "type": "categorical", "categories_file": "cities.txt"}]}"#)
        let schema = try DatasetSchema.load(from: URL(fileURLWithPath: schemaPath))
        #expect(schema.columns[0].kind == .categorical(categories: ["Porto", "Lyon", "Oslo"]))
        let missing = folder.file(named: "m.json", #"{"columns": [{"name": "city", "type": "categorical", "categories_file": "nope.txt"}]}"#)
        #expect(throws: SchemaError.self) { try DatasetSchema.load(from: URL(fileURLWithPath: missing)) }
        let both = folder.file(named: "b.json", #"{"columns": [{"name": "city", "type": "categorical", "categories": ["a"], "categories_file": "cities.txt"}]}"#)
        do { _ = try DatasetSchema.load(from: URL(fileURLWithPath: both)); Issue.record("loaded") } catch {
            #expect(error.message == #"give either "categories" or "categories_file", not both"#)
        }
    }

    /// The bundled export sample is valid against its schema: every pii shape, date and city.
    @Test func exportSampleValidates() throws {
        let schema = try DatasetSchema.load(from: packageRoot.appendingPathComponent("schemas/export.json"))
        guard case .categorical(let cities?) = schema.columns[7].kind else { Issue.record("no city list"); return }
        #expect(cities.count == 5_000)
        let report = DatasetValidator(schema: schema).validate(csvAt: packageRoot.appendingPathComponent("samples/export.csv").path)
        #expect(report.problems.isEmpty, "\(report.problems.prefix(5))")
    }
}
