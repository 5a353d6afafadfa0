import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

@Suite struct DateTimeTransformTests {
    /// A datetime column is encoded like a continuous one on its instant and decodes back to whole
    /// seconds within the schema's bounds — from data and from the public schema (as under DP).
    @Test func datetimesAreLearnedAsInstants() throws {
        let schema = try DatasetSchema(name: "d", columns: [
            ColumnSchema(name: "signup_at", kind: .datetime(format: .dateTime, min: 1_500_000_000, max: 1_800_000_000, offset: 3600)),
            ColumnSchema(name: "birth_date", kind: .datetime(format: .date, min: -1_000_000_000, max: 1_200_000_000, offset: 0), nullable: true),
        ])
        let seconds = Fixtures.mixtureSamples([(0.6, 1.6e9, 2e7), (0.4, 1.7e9, 1e7)], count: 3_000, seed: 4).map { $0.rounded() }
        let births: [Double] = (0..<3_000).map { (row: Int) -> Double in
            row % 50 == 0 ? .nan : Double((row * 7919) % 20_000 - 5_000) * 86_400
        }
        let table = Table(schema: schema, columns: [.continuous(seconds.map { min(max($0, 1.5e9), 1.8e9) }), .continuous(births)])
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(fitting: table, rng: &rng)
        guard case .continuous(let signup) = transformer.columns[0] else { Issue.record("not continuous"); return }
        #expect(signup.modeCount >= 2 && signup.integer)
        let decoded = transformer.decode(try transformer.encode(table, rng: &rng).values, rows: 3_000)
        guard case .continuous(let back) = decoded.columns[0], case .continuous(let original) = table.columns[0] else { return }
        // Float scalars carry 2⁻²⁴ of 4σ: a few seconds on instants ~1.6e9.
        let tolerance: Double = (transformer.continuousPrecision["signup_at"] ?? 0).rounded(.up) + 1
        #expect(zip(back, original).allSatisfy { abs($0 - $1) <= tolerance })
        #expect(back.allSatisfy { $0 == $0.rounded() && (1.5e9...1.8e9).contains($0) })
        let publicTransformer = try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax), rng: &rng)
        // minmax: one scalar for signup_at; a scalar and [present, missing] for the nullable birth_date.
        #expect(publicTransformer.width == 4 && publicTransformer.columns.allSatisfy { $0.fits(schema.columns[0].kind) })
    }
}
