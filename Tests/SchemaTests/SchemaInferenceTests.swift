import Foundation
import Testing
import TestSupport
@testable import ProfileGANSchema

@Suite struct SchemaInferenceTests {
    let folder = TemporaryFolder()

    @Test func infersTheSampleSchemaKinds() throws {
        let path = packageRoot.appendingPathComponent("samples/profiles.csv").path
        let result = try SchemaInference.infer(csvAt: path, name: "profiles")
        let kinds = result.schema.columns.map { "\($0.name):\($0.kind.typeName):\($0.nullable)" }
        #expect(kinds == ["user_id:id:false", "age:continuous:false", "gender:categorical:true",
                          "country:categorical:true", "interests:multilabel:true", "premium:boolean:false"])
        #expect(result.schema.columns[1].kind == .continuous(min: 10, max: 100, integer: true))
        #expect(result.schema.columns[4].kind == .multilabel(
            labels: ["cooking", "gaming", "music", "reading", "sports", "travel"], separator: ";"))
        #expect(result.rowCount == 5000)
        // The proposal validates the data it came from.
        #expect(DatasetValidator(schema: result.schema).validate(csvAt: path).isValid)
    }

    @Test func boundsAreRoundedOutwards() {
        #expect(SchemaInference.roundedOutBounds(13, 92) == (10, 100))
        #expect(SchemaInference.roundedOutBounds(2.3, 49.9) == (0, 50))
        #expect(SchemaInference.roundedOutBounds(-3.5, 0.25) == (-4, 1))
        #expect(SchemaInference.roundedOutBounds(7, 7) == (6, 8))
    }

    @Test func fewDistinctNumbersAndFreeTextWarn() throws {
        let rows = (0..<200).map { "\($0 % 3),note \($0),\($0 % 2 == 0 ? "Yes" : "no"),\(Double($0) / 4)" }
        let path = folder.file("code,note,flag,score\n" + rows.joined(separator: "\n") + "\n")
        let result = try SchemaInference.infer(csvAt: path, name: "t")
        #expect(result.schema.columns.map(\.kind.typeName) == ["continuous", "id", "boolean", "continuous"])
        #expect(result.schema.columns[3].kind == .continuous(min: 0, max: 50, integer: false))
        #expect(result.warnings.count == 2)
        #expect(result.warnings[0].hasPrefix("column \"code\": only 3 distinct numbers (0, 1, 2)"))
        #expect(result.warnings[1].hasPrefix("column \"note\": more than 50 distinct text values"))
    }

    @Test func sdvMetadataForcesTypes() throws {
        let metadata = try SDVMetadata.decode(Data("""
            {"METADATA_SPEC_VERSION": "V1", "tables": {"users": {"primary_key": "user_id", "columns": {
              "user_id": {"sdtype": "id"}, "age": {"sdtype": "numerical", "computer_representation": "Int64"},
              "code": {"sdtype": "categorical"}, "email": {"sdtype": "email"}, "gone": {"sdtype": "boolean"}}}}}
            """.utf8))
        #expect(metadata.typeHints == ["user_id": .id, "age": .integer, "code": .categorical, "email": .id, "gone": .boolean])
        #expect(metadata.warnings == ["column \"email\": SDV sdtype \"email\" has no ProfileGAN type; kept as an id (not learned)"])
        let path = folder.file("user_id,age,code,email\n1,20,7,a@x\n2,35,9,b@x\n")
        var options = SchemaInference.Options()
        options.typeHints = metadata.typeHints
        let result = try SchemaInference.infer(csvAt: path, name: "users", options: options)
        #expect(result.schema.columns.map(\.kind) == [
            .id, .continuous(min: 20, max: 40, integer: true), .categorical(categories: ["7", "9"]), .id,
        ])
        #expect(result.warnings == ["column \"gone\": described in the metadata but not in the CSV header; left out"])
    }

    @Test func sdvMetadataErrors() {
        #expect(throws: SchemaError.self) { try SDVMetadata.decode(Data("[]".utf8)) }
        #expect(throws: SchemaError.self) { try SDVMetadata.decode(Data(#"{"tables": {"a": {}, "b": {}}}"#.utf8)) }
        #expect(throws: SchemaError.self) { try SDVMetadata.decode(Data(#"{"columns": {"x": {}}}"#.utf8)) }
    }
}
