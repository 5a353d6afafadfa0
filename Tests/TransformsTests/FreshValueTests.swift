import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

@Suite struct FreshValueTests {
    static let shapes: [PIIShape] = [.email, .name, .phone, .uuid, .pattern("CUST-#####")]

    @Test(arguments: shapes)
    func freshValuesHaveTheirShapeAndAreUniqueWhereImplied(shape: PIIShape) {
        let generator = FreshValueGenerator(shape: shape, seed: 7, column: "c")
        let values = (0..<20_000).map { generator.value(row: UInt64($0)) }
        for value in values.prefix(2_000) { #expect(shape.problem(with: value) == nil, "\(value)") }
        if shape.impliesUniqueness { #expect(Set(values).count == values.count) }
        // Names repeat rarely: the syllables make hundreds of thousands of combinations.
        #expect(Set(values).count > values.count * 9 / 10)
    }

    @Test func valuesDependOnSeedAndColumnOnly() {
        let a = FreshValueGenerator(shape: .email, seed: 1, column: "email")
        #expect(a.value(row: 42) == FreshValueGenerator(shape: .email, seed: 1, column: "email").value(row: 42))
        #expect(a.value(row: 42) != FreshValueGenerator(shape: .email, seed: 2, column: "email").value(row: 42))
        #expect(a.value(row: 42) != FreshValueGenerator(shape: .email, seed: 1, column: "email2").value(row: 42))
    }

    /// The transformer never encodes pii columns and decodes them to fresh values: none equals a
    /// training value, and batches decoded with their first row ids give the same rows as one pass.
    @Test func decodedPIINeverCopiesTrainingValues() throws {
        let schema = try DatasetSchema(name: "p", columns: [
            ColumnSchema(name: "user_id", kind: .pii(.uuid)),
            ColumnSchema(name: "email", kind: .pii(.email)),
            ColumnSchema(name: "full_name", kind: .pii(.name)),
            ColumnSchema(name: "phone", kind: .pii(.phone)),
            ColumnSchema(name: "customer", kind: .pii(.pattern("CUST-###"))),
            ColumnSchema(name: "premium", kind: .boolean),
        ])
        let rows = 500
        // "Real" values in the very shapes the generator writes, so a copy or a generator that
        // ignored the seed would show up as an equal value.
        let real = FreshValueGenerator(shape: .uuid, seed: 99, column: "user_id")
        let table = Table(schema: schema, columns: [
            .id((0..<rows).map { real.value(row: UInt64($0)) }),
            .id((0..<rows).map { "person\($0)@mail.example.com" }),
            .id((0..<rows).map { _ in "Maria Lopes" }),
            .id((0..<rows).map { "+1 555-010-\(1000 + $0)" }),
            .id((0..<rows).map { "CUST-\(String(format: "%03d", $0))" }),
            .boolean((0..<rows).map { Int8($0 % 2) }),
        ])
        var rng = SeededGenerator(seed: 3)
        let transformer = try DataTransformer(fitting: table, rng: &rng)
        #expect(transformer.width == 2)
        let encoded = try transformer.encode(table, rng: &rng)
        let whole = transformer.decode(encoded.values, rows: rows, firstID: 1, freshSeed: 5)
        for column in 0..<4 {
            guard case .id(let realValues) = table.columns[column], case .id(let fresh) = whole.columns[column] else {
                Issue.record("pii column \(column) did not decode to text"); continue
            }
            #expect(Set(realValues).isDisjoint(with: fresh), "column \(schema.columns[column].name)")
        }
        // The pattern has only 1,000 values and the real rows use half of them: fresh values are
        // distinct among themselves, but coincidences with real ones are possible by chance.
        if case .id(let fresh) = whole.columns[4] { #expect(Set(fresh).count == rows) }
        let firstHalf = transformer.decode(Array(encoded.values[0..<(250 * 2)]), rows: 250, firstID: 1, freshSeed: 5)
        let secondHalf = transformer.decode(Array(encoded.values[(250 * 2)...]), rows: 250, firstID: 251, freshSeed: 5)
        for column in 0..<5 {
            guard case .id(let a) = firstHalf.columns[column], case .id(let b) = secondHalf.columns[column],
                  case .id(let all) = whole.columns[column] else { continue }
            #expect(a + b == all)
        }
        // The model file keeps the shape, not the values.
        let json = String(decoding: try JSONEncoder().encode(transformer), as: UTF8.self)
        #expect(json.contains(#""type":"pii""#) && !json.contains("example.com") && !json.contains("Maria"))
        let restored = try JSONDecoder().decode(DataTransformer.self, from: Data(json.utf8))
        #expect(restored.columns == transformer.columns)
    }
}
