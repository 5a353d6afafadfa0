import Foundation
import Testing
import TestSupport
@testable import ProfileGANSchema

@Suite struct PIIColumnTests {
    let folder = TemporaryFolder()

    private let schema = try! DatasetSchema(name: "pii", columns: [
        ColumnSchema(name: "user_id", kind: .pii(.uuid)),
        ColumnSchema(name: "email", kind: .pii(.email)),
        ColumnSchema(name: "full_name", kind: .pii(.name), nullable: true),
        ColumnSchema(name: "phone", kind: .pii(.phone)),
        ColumnSchema(name: "customer", kind: .pii(.pattern("CUST-#####"))),
    ])

    @Test func schemaJSONRoundTripsKindsAndPatterns() throws {
        let json = #"{"name": "p", "columns": [{"name": "e", "type": "pii", "kind": "email"}, {"name": "c", "type": "pii", "pattern": "C-@@%#"}]}"#
        let decoded = try DatasetSchema.decode(Data(json.utf8))
        #expect(decoded.columns.map(\.kind) == [.pii(.email), .pii(.pattern("C-@@%#"))])
        let again = try DatasetSchema.decode(try JSONEncoder().encode(decoded))
        #expect(again == decoded)
        #expect(!decoded.columns[0].kind.isLearned && decoded.learnedColumns.isEmpty)
    }

    @Test(arguments: [
        (#"{"columns": [{"name": "e", "type": "pii"}]}"#,
         ##"s.json: column "e": a pii column needs exactly one of "kind" (email, name, phone, uuid) or "pattern" (e.g. "CUST-#####")"##),
        (##"{"columns": [{"name": "e", "type": "pii", "kind": "email", "pattern": "X#"}]}"##,
         ##"s.json: column "e": a pii column needs exactly one of "kind" (email, name, phone, uuid) or "pattern" (e.g. "CUST-#####")"##),
        (#"{"columns": [{"name": "e", "type": "pii", "kind": "ssn"}]}"#,
         #"s.json: column "e": unknown pii kind "ssn" (expected one of: email, name, phone, uuid, or give a "pattern")"#),
        (#"{"columns": [{"name": "e", "type": "pii", "pattern": "CUST-"}]}"#,
         #"s.json: column "e": pattern "CUST-" has no placeholder (# digit, @ upper-case letter, % lower-case letter; \ escapes) or ends in a lone \"#),
        (#"{"columns": [{"name": "e", "type": "pii", "kind": "email", "min": 1}]}"#,
         #"s.json: column "e": key "min" does not apply to a pii column (allowed: name, type, nullable, description, kind, pattern)"#),
    ])
    func badPIIColumnsAreExplained(json: String, expected: String) {
        do {
            _ = try DatasetSchema.decode(Data(json.utf8), file: "s.json")
            Issue.record("decoded")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func patternsMatchAndNumberTheirValues() throws {
        let pattern = try #require(PIIPattern("CUST-@#\\#"))
        #expect(pattern.capacity == 260)
        #expect(pattern.matches("CUST-A7#") && !pattern.matches("CUST-a7#") && !pattern.matches("CUST-A77") && !pattern.matches("CUST-A7#x"))
        #expect(pattern.value(number: 0) == "CUST-A0#" && pattern.value(number: 259) == "CUST-Z9#")
        #expect(Set((0..<260).map { pattern.value(number: UInt64($0)) }).count == 260)
        #expect(PIIPattern("ABC") == nil && PIIPattern("##\\") == nil)
    }

    @Test func malformedIdentifiersAreReportedWithLineAndColumn() {
        let path = folder.file("""
            user_id,email,full_name,phone,customer
            0b7e9c8a-54f1-4c3e-9a51-2d6f0f4a9b11,ana@mail.example.org,Ana Lopes,+351 912 345 678,CUST-00001
            0b7e9c8a-54f1-4c3e-9a51-2d6f0f4a9b1,ana@mail,Ana 2,12345,CUST-0001
            0b7e9c8a-54f1-4c3e-9a51-2d6f0f4a9b12,a b@x.org,,+1 (555) 010-1234,CUST-12345

            """)
        let report = DatasetValidator(schema: schema).validate(csvAt: path)
        #expect(report.problems.map { "\($0.line):\($0.column): \($0.columnName ?? ""): \($0.message)" } == [
            "3:1: user_id: \"0b7e9c8a-54f1-4c3e-9a51-2d6f0f4a9b1\" is not a uuid (8-4-4-4-12 hexadecimal digits)",
            "3:2: email: \"ana@mail\" is not an e-mail address (local@domain.tld)",
            "3:3: full_name: \"Ana 2\" is not a name (letters, spaces, ' - . only)",
            "3:4: phone: \"12345\" is not a phone number (optional +, 7–15 digits, spaces - . ( ))",
            "3:5: customer: \"CUST-0001\" does not match the pattern \"CUST-#####\"",
            "4:2: email: \"a b@x.org\" is not an e-mail address (local@domain.tld)",
        ])
    }

    @Test func loadedPIIKeepsTheTextButIsNotLearned() throws {
        let path = folder.file("user_id,email,full_name,phone,customer\n0b7e9c8a-54f1-4c3e-9a51-2d6f0f4a9b11,ana@x.org,Ana Lopes,+351 912 345 678,CUST-00001\n")
        let table = try Table.load(csvAt: path, schema: schema)
        #expect(table.columns[1] == .id(["ana@x.org"]))
        #expect(table.schema.learnedColumns.isEmpty)
    }

    @Test func inferenceProposesPIIKindsLoudly() throws {
        var lines = ["user_id,email,full_name,phone,city,score"]
        let cities = ["New York", "Porto", "Lyon", "Oslo", "San Jose"]
        for i in 0..<120 {
            let hex = String(format: "%08x", i * 7919)
            lines.append("\(hex)-54f1-4c3e-9a51-2d6f0f4a9b11,user\(i)@mail.example.org,Ana\(String(repeating: "x", count: i % 7)) Lopes\(String(UnicodeScalar(97 + i % 26)!)),+351 912 \(100 + i) 678,\(cities[i % 5]),\(i)")
        }
        let path = folder.file(lines.joined(separator: "\n") + "\n")
        let result = try SchemaInference.infer(csvAt: path, name: "pii")
        #expect(result.schema.columns.map(\.kind) == [
            .pii(.uuid), .pii(.email), .pii(.name), .pii(.phone),
            .categorical(categories: cities.sorted()), .continuous(min: 0, max: 200, integer: true),
        ])
        let pii = result.warnings.filter { $0.hasPrefix("PII: ") }
        #expect(pii.count == 4)
        #expect(pii.first == #"PII: column "user_id" looks like uuids; proposed as {"type": "pii", "kind": "uuid"}: its values will never be learned or copied, and generation writes fresh ones of the same shape. Check that this is what you want"#)
        #expect(DatasetValidator(schema: result.schema).validate(csvAt: path).isValid)
    }
}
