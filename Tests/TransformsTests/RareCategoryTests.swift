import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

@Suite struct RareCategoryTests {
    /// 20,000 categories with Zipf-like counts on 30,000 rows: the encoding is `limit` + 1 wide
    /// (not 20,000), every frequent category round-trips, and decoded rare cells follow the rare
    /// categories' frequencies and never name a category the training data did not hold.
    @Test func manyCategoriesShareARareEntry() throws {
        let categoryCount = 20_000, rows = 30_000
        let categories = (0..<categoryCount).map { "c\($0)" }
        var rng = SeededGenerator(seed: 11)
        let harmonic = (1...categoryCount).reduce(0.0) { $0 + 1 / Double($1) }
        let codes: [Int32] = (0..<rows).map { _ in
            var u = rng.nextUnitDouble() * harmonic, k = 0
            while k < categoryCount - 1 && u >= 1 / Double(k + 1) { u -= 1 / Double(k + 1); k += 1 }
            return Int32(k)
        }
        let schema = try DatasetSchema(name: "c", columns: [ColumnSchema(name: "city", kind: .categorical(categories: categories))])
        let table = Table(schema: schema, columns: [.categorical(codes: codes, categories: categories)])
        var options = TransformerOptions()
        options.maxOneHotCategories = 50
        let transformer = try DataTransformer(fitting: table, options: options, rng: &rng)
        #expect(transformer.width == 50)
        guard case .discrete(let t) = transformer.columns[0], let oneHot = t.oneHot, let rare = t.rare else {
            Issue.record("no rare bucket"); return
        }
        // The 49 kept categories are the 49 most frequent ones (ties broken by category order).
        var counts = [Int](repeating: 0, count: categoryCount)
        for code in codes { counts[Int(code)] += 1 }
        let kept = Set(oneHot)
        #expect(oneHot.count == 49 && t.valueNames.last == DiscreteTransform.rareValueName)
        #expect(kept.map { counts[Int($0)] }.min()! >= counts.indices.filter { !kept.contains(Int32($0)) }.map { counts[$0] }.max()!)
        let encoded = try transformer.encode(table, rng: &rng)
        let decoded = transformer.decode(encoded.values, rows: rows, firstID: 1, freshSeed: 3)
        guard case .categorical(let back, _) = decoded.columns[0] else { return }
        #expect(zip(codes, back).allSatisfy { !kept.contains($0) || $0 == $1 })
        let seen = Set(codes)
        #expect(back.allSatisfy { seen.contains($0) })
        let rareRows = codes.filter { !kept.contains($0) }.count
        #expect(back.filter { !kept.contains($0) }.count == rareRows)
        // Share of the rare rows in categories below 200 (the heaviest rare ones), real vs decoded.
        let heavy = { (code: Int32) in code < 200 && !kept.contains(code) }
        let realShare = Double(codes.filter(heavy).count) / Double(rareRows)
        let drawnShare = Double(back.filter(heavy).count) / Double(rareRows)
        #expect(abs(realShare - drawnShare) < 0.03)
        #expect(rare.members.count == seen.filter { !kept.contains($0) }.count)
        // Reproducible, stored in the model file, and read back equal.
        #expect(transformer.decode(encoded.values, rows: rows, firstID: 1, freshSeed: 3).columns == decoded.columns)
        let restored = try JSONDecoder().decode(DataTransformer.self, from: try JSONEncoder().encode(transformer))
        #expect(restored.columns == transformer.columns && restored.width == 50)
    }

    @Test func fewCategoriesStayOneHot() throws {
        let table = Fixtures.mixedTable(rows: 300)
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(fitting: table, rng: &rng)
        for case .discrete(let t) in transformer.columns { #expect(t.oneHot == nil && t.rare == nil) }
    }
}
