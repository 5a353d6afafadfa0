import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

/// Under DP a many-valued column's rare bucket comes from released noisy counts only, and a
/// fixed_combinations constraint from public pairs only.
@Suite struct PrivateRareBucketTests {
    static let categories = (0..<300).map { "c\($0)" }

    static func schema(constraints: [SchemaConstraint] = []) throws -> DatasetSchema {
        try DatasetSchema(name: "dp", columns: [
            ColumnSchema(name: "country", kind: .categorical(categories: ["A", "B"])),
            ColumnSchema(name: "city", kind: .categorical(categories: categories), nullable: true),
        ], constraints: constraints)
    }

    /// Categories whose noisy count is below the threshold never get their own entry, even when
    /// the limit leaves room; the bucket draws by noisy count and never draws a category whose
    /// noisy count is 0 or negative.
    @Test func onlyCategoriesAboveTheThresholdAreSingledOut() throws {
        var options = TransformerOptions(continuous: .minmax)
        options.maxOneHotCategories = 50
        // c0…c9 clearly above 20; c10…c299 between −5 and 5 (noise around nothing); then missing.
        var noisy = (0..<300).map { $0 < 10 ? 100 + $0 : ($0 % 11) - 5 }
        noisy.append(7)
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(publicSchema: Self.schema(), options: options, categoryCounts: ["city": noisy],
                                              singleOutThreshold: 20, rng: &rng)
        guard case .discrete(let city) = transformer.columns[1], let oneHot = city.oneHot, let rare = city.rare else {
            Issue.record("no rare bucket"); return
        }
        #expect(oneHot == (0..<10).map { Int32($0) })
        #expect(city.width == 10 + 1 + 1)  // ten kept, (rare), missing
        #expect(rare.members.count == 290)
        var drawn = Set<Int32>()
        for k in 0..<20_000 { if let c = rare.draw((Double(k) + 0.5) / 20_000) { drawn.insert(c) } }
        #expect(drawn.allSatisfy { noisy[Int($0)] > 0 })
        #expect(drawn == Set(rare.members.filter { noisy[Int($0)] > 0 }))
    }

    /// Nothing released: every category stays in the bucket, drawn uniformly.
    @Test func withoutCountsEveryCategoryIsInTheBucket() throws {
        var options = TransformerOptions(continuous: .minmax)
        options.maxOneHotCategories = 50
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(publicSchema: Self.schema(), options: options, rng: &rng)
        guard case .discrete(let city) = transformer.columns[1], let rare = city.rare else { Issue.record("no rare bucket"); return }
        #expect(city.oneHot == [] && city.width == 2)
        #expect(rare.members.count == 300)
        #expect(abs(rare.cumulative[149] - 0.5) < 1e-9)
    }

    /// A fixed_combinations constraint without public pairs is refused under DP with what to add;
    /// with pairs, repairs draw only allowed children, by the child's noisy counts.
    @Test func fixedCombinationsNeedPublicPairs() throws {
        var rng = SeededGenerator(seed: 1)
        let fromData = try Self.schema(constraints: [.fixedCombinations(parent: "country", child: "city")])
        do {
            _ = try DataTransformer(publicSchema: fromData, rng: &rng)
            Issue.record("a DP transformer accepted a fixed_combinations constraint without pairs")
        } catch {
            #expect(error.message.contains("pairs_file") && error.message.contains("country,city"))
        }
        // A: c0…c149, B: c150…c299.
        let pairs = Self.categories.indices.map { CategoryPair(parent: $0 < 150 ? "A" : "B", child: Self.categories[$0]) }
        let schema = try Self.schema(constraints: [.fixedCombinations(parent: "country", child: "city", pairs: pairs)])
        var noisy = (0..<300).map { $0 == 3 || $0 == 200 ? 500 : -1 }
        noisy.append(0)
        var options = TransformerOptions(continuous: .minmax)
        options.maxOneHotCategories = 50
        let transformer = try DataTransformer(publicSchema: schema, options: options, categoryCounts: ["city": noisy],
                                              singleOutThreshold: 20, rng: &rng)
        let law = try #require(transformer.combinations.first)
        #expect(law.children[0].members.count == 150 && law.children[1].members.count == 150)
        // Country B with city c3 (an A city) is repaired to c200, the only B city with a positive count.
        var child: [Int32] = [3, 3, 200]
        let repaired = law.repair(parentCodes: [1, 0, 1], childCodes: &child) { Double($0) / 3 }
        #expect(repaired == 1 && child == [200, 3, 200])
    }
}
