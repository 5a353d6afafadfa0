import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
@testable import ProfileGANTransforms

/// A `(rare)` child of a fixed_combinations constraint is drawn among the rare children allowed
/// with its decoded parent, by the constraint's weights: consistent by construction, not repaired;
/// a singled-out child that disagrees with its parent is repaired among the parent's singled-out ones.
@Suite struct ChildBucketsTests {
    /// 30 cities, city i in country i % 3 with count 10·(30 − i); 10 one-hot entries: c0…c8 and `(rare)`.
    static let countries = ["A", "B", "C"]
    static let cities = (0..<30).map { "c\($0)" }

    static func schema(pairs: [CategoryPair]? = nil) throws -> DatasetSchema {
        try DatasetSchema(name: "w", columns: [
            ColumnSchema(name: "country", kind: .categorical(categories: countries)),
            ColumnSchema(name: "city", kind: .categorical(categories: cities)),
        ], constraints: [.fixedCombinations(parent: "country", child: "city", pairs: pairs)])
    }

    static func table() throws -> Table {
        var country: [Int32] = [], city: [Int32] = []
        for i in 0..<30 {
            for _ in 0..<(10 * (30 - i)) {
                country.append(Int32(i % 3))
                city.append(Int32(i))
            }
        }
        return Table(schema: try schema(), columns: [.categorical(codes: country, categories: countries),
                                                     .categorical(codes: city, categories: cities)])
    }

    static func transformer() throws -> DataTransformer {
        var options = TransformerOptions()
        options.maxOneHotCategories = 10
        var rng = SeededGenerator(seed: 1)
        return try DataTransformer(fitting: table(), options: options, rng: &rng)
    }

    /// `rows` encoded rows of (country, city entry) (width 3 + 10).
    static func rows(_ cells: [(country: Int, entry: Int)]) -> [Float] {
        var values = [Float](repeating: 0, count: cells.count * 13)
        for (r, cell) in cells.enumerated() {
            values[r * 13 + cell.country] = 1
            values[r * 13 + 3 + cell.entry] = 1
        }
        return values
    }

    static func decode(_ transformer: DataTransformer, _ values: [Float], seed: UInt64 = 1)
        -> (codes: (country: [Int32], city: [Int32]), repairs: Int, within: Int) {
        let rows = values.count / transformer.width
        let decoded = values.withUnsafeBufferPointer { transformer.decodeReportingConstraints($0, rows: rows, firstID: 1, freshSeed: seed) }
        guard case .categorical(let country, _) = decoded.table.columns[0], case .categorical(let city, _) = decoded.table.columns[1] else {
            return (([], []), -1, -1)
        }
        return ((country, city), decoded.repairs[0], decoded.drawnWithinParent[0])
    }

    /// Every `(rare)` row comes out with a city of its own country (never a pair outside the
    /// allowed ones), without a repair, and with the shares of that country's rare cities.
    @Test func aRareChildIsDrawnWithinItsParentByItsWeights() throws {
        let transformer = try Self.transformer()
        guard case .discrete(let city) = transformer.columns[1], city.oneHot == (0..<9).map({ Int32($0) }) else {
            Issue.record("c0…c8 should be singled out"); return
        }
        let n = 30_000
        let values = Self.rows((0..<n).map { (country: $0 % 3, entry: 9) })
        let (codes, repairs, within) = Self.decode(transformer, values)
        #expect(repairs == 0 && within == n)
        #expect(zip(codes.country, codes.city).allSatisfy { Int($1) % 3 == Int($0) && $1 >= 9 })
        // Country A's rare cities c9, c12, …, c27 have counts 21, 18, …, 3 (× 10): shares k / 84.
        let drawnInA = zip(codes.country, codes.city).filter { $0.0 == 0 }.map(\.1)
        for i in stride(from: 9, to: 30, by: 3) {
            let share = Double(drawnInA.filter { $0 == Int32(i) }.count) / Double(drawnInA.count)
            let expected = Double(30 - i) / 84
            #expect(abs(share - expected) < 0.02, "c\(i): \(share) vs \(expected)")
        }
        // Reproducible for a seed, another seed draws otherwise; the table survives the model file.
        #expect(Self.decode(transformer, values).codes.city == codes.city)
        #expect(Self.decode(transformer, values, seed: 2).codes.city != codes.city)
        let restored = try JSONDecoder().decode(DataTransformer.self, from: try JSONEncoder().encode(transformer))
        #expect(Self.decode(restored, values).codes.city == codes.city)
    }

    /// Decoding the real rows (one-hot cities consistent with their country, rare ones as
    /// `(rare)`) repairs nothing; only a singled-out city that disagrees with the row's country is.
    @Test func onlyAnInconsistentOneHotChildIsRepaired() throws {
        let transformer = try Self.transformer()
        var rng = SeededGenerator(seed: 2)
        let table = try Self.table()
        let encoded = try transformer.encode(table, rng: &rng)
        let real = Self.decode(transformer, encoded.values)
        guard case .categorical(let cities, _) = table.columns[1] else { return }
        #expect(real.repairs == 0)
        #expect(real.within == cities.filter { $0 >= 9 }.count)
        // c1 is B's; written with country A it is repaired among A's singled-out cities (c0, c3,
        // c6: the network's choice of a frequent city is kept); the rare rows are not repaired.
        let mixed = Self.decode(transformer, Self.rows([(0, 1), (0, 9), (1, 1), (2, 9), (0, 1)]))
        #expect(mixed.repairs == 2 && mixed.within == 2)
        #expect(zip(mixed.codes.country, mixed.codes.city).allSatisfy { Int($1) % 3 == Int($0) })
        #expect([0, 4].allSatisfy { [0, 3, 6].contains(mixed.codes.city[$0]) } && mixed.codes.city[1] >= 9)
        // Repaired by the singled-out cities' weights (30 : 27 : 24 for c0, c3, c6).
        let n = 9_000
        let repaired = Self.decode(transformer, Self.rows((0..<n).map { _ in (0, 1) }))
        #expect(repaired.repairs == n && repaired.within == 0)
        for (city, weight) in [(0, 30.0), (3, 27), (6, 24)] {
            let share = Double(repaired.codes.city.filter { $0 == Int32(city) }.count) / Double(n)
            #expect(abs(share - weight / 81) < 0.03, "c\(city): \(share)")
        }
    }

    /// Under DP (public pairs, no released counts) every city is in the bucket and a `(rare)`
    /// city is drawn uniformly among its country's cities.
    @Test func withPublicPairsAndNoCountsTheDrawIsUniformWithinTheParent() throws {
        let pairs = (0..<30).map { CategoryPair(parent: Self.countries[$0 % 3], child: Self.cities[$0]) }
        var options = TransformerOptions(continuous: .minmax)
        options.maxOneHotCategories = 10
        var rng = SeededGenerator(seed: 3)
        let transformer = try DataTransformer(publicSchema: Self.schema(pairs: pairs), options: options, rng: &rng)
        #expect(transformer.width == 3 + 1)  // no city singled out: only (rare)
        let n = 20_000
        var values = [Float](repeating: 0, count: n * 4)
        for r in 0..<n { values[r * 4 + 1] = 1; values[r * 4 + 3] = 1 }  // country B, (rare)
        let decoded = values.withUnsafeBufferPointer { transformer.decodeReportingConstraints($0, rows: n, freshSeed: 4) }
        guard case .categorical(let city, _) = decoded.table.columns[1] else { return }
        #expect(decoded.repairs == [0] && decoded.drawnWithinParent == [n])
        var counts = [Int](repeating: 0, count: 30)
        for c in city { counts[Int(c)] += 1 }
        for i in 0..<30 {
            if i % 3 == 1 { #expect(abs(Double(counts[i]) / Double(n) - 0.1) < 0.015, "c\(i): \(counts[i])") } else { #expect(counts[i] == 0) }
        }
    }
}
