import Foundation
import Testing
import ProfileGANSchema
@testable import ProfileGANEvaluation

@Suite struct StatisticsTests {
    @Test func binsMatchNumPy() {
        // numpy.histogram_bin_edges(range(11)) = 0, 1, …, 10; digitize puts 0 in bin 1 and 10 in bin 11.
        let bins = EqualWidthBins(values: (0...10).map(Double.init))
        #expect(bins.edges == (0...10).map(Double.init))
        #expect(bins.bin(of: 0) == 1)
        #expect(bins.bin(of: 0.5) == 1)
        #expect(bins.bin(of: 9.99) == 10)
        #expect(bins.bin(of: 10) == 11)
        #expect(bins.bin(of: .nan) == 11)
        #expect(bins.bin(of: -1) == 0)
        // A constant sample is widened by ±0.5.
        #expect(EqualWidthBins(values: [5, 5, .nan]).edges.first == 4.5)
        #expect(EqualWidthBins(values: [5, 5]).edges.last == 5.5)
    }

    @Test func kolmogorovSmirnovByHand() {
        // F_a and F_b differ by 1/3 at every step.
        #expect(abs(DistributionStatistics.kolmogorovSmirnov([1, 2, 3], [2, 3, 4])! - 1.0 / 3) < 1e-12)
        // Ties across samples are stepped together; missing values are dropped.
        #expect(DistributionStatistics.kolmogorovSmirnov([1, 1, 2, .nan], [1, 2, 2])! == abs(2.0 / 3 - 1.0 / 3))
        #expect(DistributionStatistics.kolmogorovSmirnov([.nan], [1]) == nil)
    }

    @Test func pearsonAndTotalVariationByHand() {
        #expect(abs(DistributionStatistics.pearson([1, 2, 3], [2, 4, 6])! - 1) < 1e-12)
        #expect(abs(DistributionStatistics.pearson([1, 2, 3, .nan], [3, 2, 1, 7])! + 1) < 1e-12)
        #expect(DistributionStatistics.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(abs(DistributionStatistics.totalVariation([2, 1], [1, 2])! - 1.0 / 3) < 1e-12)
        // A perfectly dependent 2×2 table.
        #expect(abs(DistributionStatistics.cramersV([5, 0, 0, 5], rows: 2, columns: 2)! - 1) < 1e-12)
    }

    @Test func qualityOfASmallMixedTableByHand() {
        let schema = TestTables.schema([
            ColumnSchema(name: "n", kind: .continuous(min: nil, max: nil, integer: false)),
            ColumnSchema(name: "c", kind: .categorical(categories: nil)),
        ])
        let real = Table(schema: schema, columns: [.continuous([1, 2, 3, 4]), .categorical(codes: [0, 0, 1, -1], categories: ["x", "y"])])
        // The synthetic file read its categories in another order: codes must be matched by text.
        let synthetic = Table(schema: schema, columns: [.continuous([1, 2, 3, 5]), .categorical(codes: [1, 1, 0, 0], categories: ["y", "x"])])
        let q = try! Evaluator(real: real, synthetic: synthetic).run().quality
        // KS: the CDFs differ by 1/4 on [4, 5).
        #expect(abs(q.columns[0].score! - 0.75) < 1e-12)
        // TV over non-missing cells: real x 2/3, y 1/3; synthetic x 1/2, y 1/2 → TVD 1/6.
        #expect(abs(q.columns[1].score! - 5.0 / 6) < 1e-12)
        // Contingency: each table bins n by its own range, into bins 1, 4, 7, 11 (real) and 1, 3, 6, 11
        // (synthetic). Real cells (1,x) (4,x) (7,y) (11,missing); synthetic (1,x) (3,x) (6,y) (11,y): only
        // (1,x) is shared, a quarter of each table → score 1/4.
        #expect(q.pairs[0].metric == "ContingencySimilarity")
        #expect(abs(q.pairs[0].score! - 0.25) < 1e-12)
        #expect(abs(q.overall! - ((0.75 + 5.0 / 6) / 2 + 0.25) / 2) < 1e-12)
    }

    @Test func multilabelScoresEachLabel() {
        let schema = TestTables.schema([ColumnSchema(name: "tags", kind: .multilabel(labels: nil, separator: ";"))])
        // Real: a on 2 of 2 rows, b on 1; synthetic: a on 1 of 2, b on 1.
        let real = Table(schema: schema, columns: [.multilabel(flags: [1, 1, 1, 0], missing: [false, false], labels: ["a", "b"])])
        let synthetic = Table(schema: schema, columns: [.multilabel(flags: [0, 1, 1, 0], missing: [false, false], labels: ["b", "a"])])
        let shape = try! Evaluator(real: real, synthetic: synthetic).run().quality.columns[0]
        #expect(shape.labels?.map(\.label) == ["a", "b"])
        #expect(abs(shape.labels![0].score! - 0.5) < 1e-12)
        #expect(abs(shape.labels![1].score! - 1) < 1e-12)
        #expect(abs(shape.score! - 0.75) < 1e-12)
    }

    @Test func threeWayMarginalsAreZeroOnIdenticalTablesAndCapped() {
        let table = TestTables.profiles(rows: 300, seed: 1)
        let report = try! Evaluator(real: table, synthetic: table).run()
        #expect(report.threeWayMarginals.meanTVD == 0)
        #expect(report.threeWayMarginals.triplesTotal == 4)  // x1, x2, group, label
        var options = EvaluationOptions()
        options.maxTriples = 2
        let other = TestTables.profiles(rows: 300, seed: 2)
        let capped = try! Evaluator(real: table, synthetic: other, options: options).run().threeWayMarginals
        #expect(capped.triplesScored == 2)
        #expect(capped.meanTVD! > 0)
    }

    @Test func rocAUCByHand() {
        // Of the 4 positive/negative pairs, 3 are ordered right.
        #expect(ROCAUC.binary(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]) == 0.75)
        #expect(ROCAUC.binary(scores: [1, 1, 1, 1], positive: [false, true, false, true]) == 0.5)
        #expect(ROCAUC.binary(scores: [1, 2], positive: [true, true]) == nil)
    }

    @Test func clopperPearsonKnownValues() {
        #expect(abs(ClopperPearson.regularizedIncompleteBeta(0.5, a: 2, b: 3) - 0.6875) < 1e-12)
        // Zero successes in 10: the upper bound solves (1 − p)^10 = α.
        #expect(abs(ClopperPearson.upper(successes: 0, trials: 10, alpha: 0.025) - (1 - pow(0.025, 0.1))) < 1e-9)
        // All successes: the lower bound solves p^10 = α.
        #expect(abs(ClopperPearson.lower(successes: 10, trials: 10, alpha: 0.025) - pow(0.025, 0.1)) < 1e-9)
        #expect(ClopperPearson.lower(successes: 0, trials: 10, alpha: 0.025) == 0)
    }
}
