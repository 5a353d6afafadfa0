import Foundation
import Testing
@testable import ProfileGANSchema

@Suite struct SchemaErrorTests {
    private func error(_ json: String) -> SchemaError? {
        do {
            _ = try DatasetSchema.decode(Data(json.utf8), file: "s.json")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"columns": [{"name": "age", "type": "continuous", "min": 100, "max": 13}]}"#,
         #"s.json: column "age": min (100.0) must be less than max (13.0)"#),
        (#"{"columns": [{"name": "g", "type": "categorical", "categories": ["a", "b", "a"]}]}"#,
         #"s.json: column "g": duplicate category "a""#),
        (#"{"columns": [{"name": "g", "type": "colour"}]}"#,
         #"s.json: column "g": unknown type "colour" (expected one of: id, continuous, categorical, multilabel, boolean, pii, datetime)"#),
        (#"{"columns": [{"name": "g", "type": "boolean", "min": 1}]}"#,
         #"s.json: column "g": key "min" does not apply to a boolean column (allowed: name, type, nullable, description)"#),
        (#"{"columns": [{"name": "age", "type": "continuous", "mni": 13, "max": 100}]}"#,
         #"s.json: column "age": unknown key "mni" in a continuous column; did you mean "min"?"#),
        (#"{"columns": [{"name": "age", "type": "continuous", "colour": 1}]}"#,
         #"s.json: column "age": unknown key "colour" in a continuous column (allowed: name, type, nullable, description, min, max, integer)"#),
        (#"{"colums": [{"name": "age", "type": "id"}]}"#,
         #"s.json: unknown key "colums" in the schema (top level); did you mean "columns"?"#),
        (#"{"columns": [{"name": "age", "type": "continuous", "min": 13.5, "max": 13.7, "integer": true}]}"#,
         #"s.json: column "age": no integer lies between min (13.5) and max (13.7), but the column is integer"#),
        (#"{"columns": [{"name": "w", "type": "continuous", "min": -1e308, "max": 1e308}]}"#,
         #"s.json: column "w": the range from min (-1e+308) to max (1e+308) is too wide to compute with (max − min overflows a double); give bounds the data can actually reach"#),
        (#"{"columns": [{"name": "x", "type": "id"}, {"name": "x", "type": "boolean"}]}"#,
         #"s.json: column "x": duplicate column name"#),
        (#"{"columns": [{"name": "t", "type": "multilabel", "labels": ["a;b"], "separator": ";"}]}"#,
         #"s.json: column "t": label "a;b" contains the separator ";""#),
        (#"{"columns": [{"name": "g", "type": "categorical", "categories": []}]}"#,
         #"s.json: column "g": the category list is empty"#),
        (#"{"columns": []}"#, "s.json: the schema has no columns"),
        (#"{"columns": [{"type": "id"}]}"#, ##"s.json: column "#1": missing required key "name""##),
    ])
    func invalidSchemasNameTheColumnAndTheProblem(json: String, expected: String) {
        #expect(error(json)?.description == expected)
    }

    @Test func invalidJSONIsReportedWithItsLineAndColumn() {
        #expect(error("{\"columns\": [")?.description == "s.json: not valid JSON at line 1 (the end of the file): the document ends before it is complete (a missing ] or })")
        let missingComma = "{\"columns\": [\n  {\"name\": \"a\", \"type\": \"id\"},\n  {\"name\": \"b\" \"type\": \"id\"}\n]}"
        #expect(error(missingComma)?.description == "s.json: not valid JSON at line 3, column 16: Invalid value")
    }

    @Test func schemaRoundTripsThroughJSON() throws {
        let again = try DatasetSchema.decode(profileSchema.encodedJSON())
        #expect(again == profileSchema)
    }

    @Test func shippedSchemasLoad() throws {
        let profiles = try DatasetSchema.load(from: packageRoot.appendingPathComponent("schemas/profiles.json"))
        #expect(profiles.columns.map(\.name) == ["user_id", "age", "gender", "country", "interests", "premium"])
    }

    /// schemas/dataset-schema.json documents the format the decoder accepts: the same type names and,
    /// per type, the same keys.
    @Test func jsonSchemaDocumentMatchesTheDecoder() throws {
        let url = packageRoot.appendingPathComponent("schemas/dataset-schema.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let defs = try #require(document["$defs"] as? [String: Any])
        let column = try #require(defs["column"] as? [String: Any])
        let typeEnum = ((column["properties"] as? [String: Any])?["type"] as? [String: Any])?["enum"] as? [String]
        #expect(typeEnum == ColumnSchema.typeNames)
        let branches = try #require(column["allOf"] as? [[String: Any]])
        let keysByType = SchemaKeys.byType.mapValues { Set($0) }
        #expect(Set(keysByType.keys) == Set(ColumnSchema.typeNames))
        #expect((document["properties"] as? [String: Any]).map { Set($0.keys) } == Set(SchemaKeys.dataset))
        #expect(document["additionalProperties"] as? Bool == false)
        var documented: [String: Set<String>] = [:]
        for branch in branches {
            let type = (((branch["if"] as? [String: Any])?["properties"] as? [String: Any])?["type"] as? [String: Any])?["const"] as? String
            let keys = ((branch["then"] as? [String: Any])?["properties"] as? [String: Any]).map { Set($0.keys) }
            if let type, let keys { documented[type] = keys }
        }
        #expect(documented == keysByType)
    }
}
