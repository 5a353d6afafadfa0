import ProfileGANRandom
import ProfileGANSchema

/// Synthetic profile tables for `bench csv`: the sample's columns plus a two-decimal amount, drawn
/// from a seeded generator so every run writes the same bytes.
public enum BenchProfiles {
    public static let schema = try! DatasetSchema(name: "bench-profiles", columns: [
        ColumnSchema(name: "user_id", kind: .id),
        ColumnSchema(name: "age", kind: .continuous(min: 13, max: 100, integer: true)),
        ColumnSchema(name: "gender", kind: .categorical(categories: ["female", "male", "nonbinary"]), nullable: true),
        ColumnSchema(name: "country", kind: .categorical(categories: ["US", "IN", "GB", "DE", "BR", "FR", "JP", "NG", "NZ", "IS"]), nullable: true),
        ColumnSchema(name: "interests", kind: .multilabel(labels: ["music", "sports", "travel", "gaming", "cooking", "reading"], separator: ";"), nullable: true),
        ColumnSchema(name: "premium", kind: .boolean),
        ColumnSchema(name: "monthly_spend", kind: .continuous(min: 0, max: 10_000, integer: false), nullable: true),
    ])

    /// `rows` profiles whose ids start after `firstID`.
    public static func table(rows: Int, firstID: Int, generator: inout SeededGenerator) -> Table {
        var ids: [String] = []
        var ages: [Double] = []
        var genders: [Int32] = []
        var countries: [Int32] = []
        var flags: [UInt8] = []
        var missing: [Bool] = []
        var premium: [Int8] = []
        var spend: [Double] = []
        for row in 0..<rows {
            ids.append("u\(firstID + row)")
            let age = (25 + 12 * generator.nextStandardNormal()).rounded()
            ages.append(min(100, max(13, age)))
            genders.append(generator.nextUnitDouble() < 0.02 ? -1 : Int32(generator.nextIndex(below: 3)))
            countries.append(generator.nextUnitDouble() < 0.03 ? -1 : Int32(generator.nextIndex(below: 10)))
            for _ in 0..<6 { flags.append(generator.nextUnitDouble() < 0.3 ? 1 : 0) }
            missing.append(false)
            premium.append(generator.nextUnitDouble() < 0.2 ? 1 : 0)
            spend.append(generator.nextUnitDouble() < 0.05 ? .nan : (generator.nextUnitDouble() * 20_000).rounded() / 100)
        }
        return Table(schema: schema, columns: [
            .id(ids), .continuous(ages),
            .categorical(codes: genders, categories: ["female", "male", "nonbinary"]),
            .categorical(codes: countries, categories: ["US", "IN", "GB", "DE", "BR", "FR", "JP", "NG", "NZ", "IS"]),
            .multilabel(flags: flags, missing: missing, labels: ["music", "sports", "travel", "gaming", "cooking", "reading"]),
            .boolean(premium), .continuous(spend),
        ])
    }
}
