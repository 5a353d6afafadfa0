import Foundation
import Testing
import ProfileGANSchema
import TestSupport
@testable import ProfileGANEvaluation

/// Agreement with sdmetrics 0.32's QualityReport on the fixtures in `Tests/Fixtures/reference/quality/`
/// (real/synthetic pairs with sdmetrics' own numbers in `sdmetrics_reference.json`).
@Suite struct QualityFixtureTests {
    struct Reference: Decodable {
        struct Column: Decodable { var column: String; var metric: String; var score: Double }
        struct Pair: Decodable { var columns: [String]; var metric: String; var score: Double }
        var real: String
        var synthetic: String
        var schema: String
        var overall: Double
        var column_shapes: Double
        var column_pair_trends: Double
        var per_column: [Column]
        var per_pair: [Pair]
    }

    static let quality = "reference/quality/"

    @Test(arguments: ["SLID__ctgan", "SLID__marginals", "SLID__mst", "bfi__aim"])
    func matchesSDMetrics(_ name: String) throws {
        let references = try Fixture.decode([String: Reference].self, from: Self.quality + "sdmetrics_reference.json")
        let reference = try #require(references[name])
        let schema = try DatasetSchema.load(from: Fixture.url(Self.quality + reference.schema))
        let real = try Table.load(csvAt: Fixture.url(Self.quality + reference.real).path, schema: schema)
        let synthetic = try Table.load(csvAt: Fixture.url(Self.quality + reference.synthetic).path, schema: schema)
        var options = EvaluationOptions()
        options.detectionFolds = 2
        options.privacyQueryRows = 200
        let quality = try Evaluator(real: real, synthetic: synthetic, options: options).run().quality
        let tolerance = 0.005
        #expect(abs(quality.overall! - reference.overall) < tolerance)
        #expect(abs(quality.columnShapes! - reference.column_shapes) < tolerance)
        #expect(abs(quality.columnPairTrends! - reference.column_pair_trends) < tolerance)
        #expect(quality.columns.count == reference.per_column.count)
        for expected in reference.per_column {
            let ours = try #require(quality.columns.first { $0.column == expected.column })
            #expect(ours.metric == expected.metric)
            #expect(abs(ours.score! - expected.score) < tolerance, "\(name) \(expected.column)")
        }
        #expect(quality.pairs.count == reference.per_pair.count)
        for expected in reference.per_pair {
            let ours = try #require(quality.pairs.first { $0.columns == expected.columns })
            #expect(ours.metric == expected.metric)
            #expect(abs(ours.score! - expected.score) < tolerance, "\(name) \(expected.columns)")
        }
    }
}
