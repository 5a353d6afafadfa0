import ProfileGANRandom
import ProfileGANSchema

/// Tables for `bench evaluate`: 20 learned columns (10 continuous, 8 categorical with 3–8 levels,
/// 2 boolean) driven by three shared latent factors, so columns are correlated as real profiles are.
/// The "synthetic" table comes from the same process with a different seed and slightly inflated
/// noise, like a decent but imperfect generator.
public enum BenchEvaluationData {
    public static let levels = [3, 4, 5, 6, 8, 3, 4, 5]

    public static let schema = try! DatasetSchema(name: "bench-evaluate", columns:
        [ColumnSchema(name: "user_id", kind: .id)]
        + (0..<10).map { ColumnSchema(name: "x\($0)", kind: .continuous(min: nil, max: nil, integer: false)) }
        + levels.enumerated().map { i, n in
            ColumnSchema(name: "c\(i)", kind: .categorical(categories: (0..<n).map { "v\($0)" }))
        }
        + [ColumnSchema(name: "premium", kind: .boolean), ColumnSchema(name: "churned", kind: .boolean)])

    public static func table(rows: Int, seed: UInt64, noise: Double = 1) -> Table {
        var g = SeededGenerator(seed: seed)
        var continuous = [[Double]](repeating: [], count: 10)
        var categorical = [[Int32]](repeating: [], count: levels.count)
        var premium: [Int8] = [], churned: [Int8] = []
        for _ in 0..<rows {
            let z = (g.nextStandardNormal(), g.nextStandardNormal(), g.nextStandardNormal())
            for k in 0..<10 {
                let loading = (Double(k % 3) - 1) * 0.8 + 0.3
                let base = k % 2 == 0 ? z.0 * loading + z.1 * 0.4 : z.2 * loading - z.0 * 0.3
                continuous[k].append(base + noise * 0.6 * g.nextStandardNormal() + Double(k))
            }
            for (i, n) in levels.enumerated() {
                let score = (i % 2 == 0 ? z.1 : z.2) + noise * 0.8 * g.nextStandardNormal()
                let bucket = Int(((score + 2.5) / 5 * Double(n)).rounded(.down))
                categorical[i].append(Int32(min(n - 1, max(0, bucket))))
            }
            premium.append(z.0 + noise * g.nextStandardNormal() > 0.8 ? 1 : 0)
            churned.append(z.1 - 0.5 * z.2 + noise * 0.7 * g.nextStandardNormal() > 0.3 ? 1 : 0)
        }
        return Table(schema: schema, columns:
            [.id((0..<rows).map { "u\(seed)-\($0)" })]
            + continuous.map { .continuous($0) }
            + categorical.enumerated().map { i, codes in .categorical(codes: codes, categories: (0..<levels[i]).map { "v\($0)" }) }
            + [.boolean(premium), .boolean(churned)])
    }
}
