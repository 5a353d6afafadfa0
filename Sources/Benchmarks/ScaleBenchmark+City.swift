import Foundation
import ProfileGANEvaluation
import ProfileGANRandom
import ProfileGANSchema

/// The many-valued column `bench scale --city-categories N` adds (issue 12's scale target): a
/// `city` with N categories drawn with Zipf-like weights 1/(k + 1)^1.1, the shape of real city or
/// postcode columns (a few big, a long tail of small ones).
extension ScaleBenchmark {
    /// `table` with a `city` column of `categories` categories appended, drawn from `seed`.
    static func addingCity(to table: Table, categories: Int, seed: UInt64) throws -> Table {
        let names = (0..<categories).map { "city\($0)" }
        let codes = cityCodes(rows: table.rowCount, categories: categories, seed: seed)
        let schema = try DatasetSchema(name: table.schema.name, columns: table.schema.columns + [
            ColumnSchema(name: "city", kind: .categorical(categories: names)),
        ])
        return Table(schema: schema, columns: table.columns + [.categorical(codes: codes, categories: names)])
    }

    /// `rows` city codes under the Zipf-like law.
    static func cityCodes(rows: Int, categories: Int, seed: UInt64) -> [Int32] {
        var cumulative: [Double] = [], total = 0.0
        cumulative.reserveCapacity(categories)
        for k in 0..<categories {
            total += pow(Double(k + 1), -1.1)
            cumulative.append(total)
        }
        var rng = SeededGenerator(seed: seed, stream: 77)
        return (0..<rows).map { _ in
            let u = rng.nextUnitDouble() * total
            var lo = 0, hi = categories - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= u { hi = mid } else { lo = mid + 1 }
            }
            return Int32(lo)
        }
    }

    /// 1 − total variation distance between two category count vectors (SDMetrics' TVComplement,
    /// the evaluator's own statistic).
    static func tvComplement(_ a: [Int], _ b: [Int]) -> Double {
        DistributionStatistics.totalVariation(a.map(Double.init), b.map(Double.init)).map { 1 - $0 } ?? 0
    }

    /// Counts of each code (missing cells ignored).
    static func counts(_ codes: [Int32], categories: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: categories)
        for code in codes where code >= 0 { counts[Int(code)] += 1 }
        return counts
    }
}
