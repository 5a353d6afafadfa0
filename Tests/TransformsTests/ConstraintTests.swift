import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

@Suite struct ConstraintTests {
    static let schema = try! DatasetSchema(name: "c", columns: [
        ColumnSchema(name: "country", kind: .categorical(categories: ["DE", "FR"])),
        ColumnSchema(name: "city", kind: .categorical(categories: ["Berlin", "Bonn", "Lyon", "Paris"])),
        ColumnSchema(name: "signup", kind: .continuous(min: 0, max: 100, integer: true)),
        ColumnSchema(name: "login", kind: .continuous(min: 0, max: 100, integer: true), nullable: true),
    ], constraints: [.fixedCombinations(parent: "country", child: "city"), .inequality(low: "signup", high: "login")])

    /// Rows decoded from arbitrary generator output keep every constraint, and the repairs are counted.
    @Test func decodedRowsKeepFixedCombinationsAndInequalities() throws {
        var rng = SeededGenerator(seed: 2)
        let rows = 1_000
        let country: [Int32] = (0..<rows).map { Int32($0 % 2) }
        // DE: Berlin 3×, Bonn 1×; FR: Paris only (Lyon never occurs).
        let city: [Int32] = (0..<rows).map { $0 % 2 == 0 ? ($0 % 8 == 0 ? 1 : 0) : 3 }
        let signup = (0..<rows).map { Double($0 % 50) }
        let login: [Double] = (0..<rows).map { (row: Int) -> Double in
            row % 10 == 0 ? .nan : Double(row % 50 + row % 7)
        }
        let table = Table(schema: Self.schema, columns: [
            .categorical(codes: country, categories: ["DE", "FR"]), .categorical(codes: city, categories: ["Berlin", "Bonn", "Lyon", "Paris"]),
            .continuous(signup), .continuous(login),
        ])
        let transformer = try DataTransformer(fitting: table, rng: &rng)
        // Random generator output: every pair and every ordering is likely to occur.
        let noise = (0..<(rows * transformer.width)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let (decoded, repairs) = noise.withUnsafeBufferPointer { transformer.decodeReportingRepairs($0, rows: rows, freshSeed: 1) }
        guard case .categorical(let c, _) = decoded.columns[0], case .categorical(let t, _) = decoded.columns[1],
              case .continuous(let s) = decoded.columns[2], case .continuous(let l) = decoded.columns[3] else { return }
        let allowed: Set<[Int32]> = [[0, 0], [0, 1], [1, 3]]
        #expect(zip(c, t).allSatisfy { allowed.contains([$0, $1]) })
        #expect(zip(s, l).allSatisfy { $1.isNaN || $1 >= $0 })
        #expect(repairs.count == 2 && repairs.allSatisfy { $0 > 0 && $0 < rows })
        // The same seed gives the same repaired rows; the laws survive the model file.
        let again = noise.withUnsafeBufferPointer { transformer.decodeReportingRepairs($0, rows: rows, freshSeed: 1) }
        #expect(again.repairs == repairs && Array(again.table.columns[0...1]) == Array(decoded.columns[0...1]))
        if case .continuous(let l2) = again.table.columns[3] { #expect(l2.map(\.bitPattern) == l.map(\.bitPattern)) }
        let restored = try JSONDecoder().decode(DataTransformer.self, from: try JSONEncoder().encode(transformer))
        #expect(restored.combinations == transformer.combinations && !restored.combinations.isEmpty)
        var publicRNG = SeededGenerator(seed: 1)
        #expect(throws: TransformError.self) {
            try DataTransformer(publicSchema: Self.schema, options: TransformerOptions(continuous: .minmax), rng: &publicRNG)
        }
    }

    @Test func constraintsAreCheckedInTheSchema() {
        for (json, message) in [
            (#"{"columns": [{"name": "a", "type": "continuous"}], "constraints": [{"type": "inequality", "low": "a", "high": "b"}]}"#,
             #"s.json: column "b": named in a constraint but not a column of the schema"#),
            (#"{"columns": [{"name": "a", "type": "boolean"}, {"name": "b", "type": "boolean"}], "constraints": [{"type": "inequality", "low": "a", "high": "b"}]}"#,
             #"s.json: column "a": an inequality constraint needs continuous or datetime columns"#),
            (#"{"columns": [{"name": "a", "type": "boolean"}], "constraints": [{"type": "unique", "columns": ["a"]}]}"#,
             #"s.json: unknown constraint type "unique" (expected one of: fixed_combinations, inequality)"#),
        ] {
            do { _ = try DatasetSchema.decode(Data(json.utf8), file: "s.json"); Issue.record("decoded") } catch {
                #expect(error.description == message)
            }
        }
    }
}
