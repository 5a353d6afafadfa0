import Foundation
import ProfileGANRandom
import ProfileGANSchema

/// Computes ``PrivacyScores``. Distances are Euclidean in the ``FeatureEncoder`` encoding fitted on the
/// training table with `categoricalScale = 1/√2` (standardized numbers; a different category, label
/// or missing-ness costs squared distance 1, like one standard deviation).
enum PrivacyEvaluator {
    static let encodingDescription =
        "continuous: standardized with the training mean and sd (missing = 0 plus an indicator); categorical, boolean, multilabel: one-hot scaled by 1/sqrt(2), so one differing value adds 1 to the squared distance; id columns excluded"

    static func evaluate(train: Table, synthetic: Table, holdout: Table?, maxQueryRows: Int, delta: Double, seed: UInt64) -> PrivacyScores {
        let encoder = FeatureEncoder(fitting: train, others: [synthetic] + (holdout.map { [$0] } ?? []), categoricalScale: 0.5.squareRoot())
        let trainX = encoder.encode(train), syntheticX = encoder.encode(synthetic)
        let holdoutX = holdout.map(encoder.encode)
        let d = encoder.width
        var generator = SeededGenerator(seed: seed, stream: 7)
        let cap = maxQueryRows > 0 ? maxQueryRows : Int.max

        // DCR: sampled synthetic and holdout rows against every training row, in one pass.
        let syntheticSample = syntheticX.gathering(Sampling.indices(count: cap, from: syntheticX.rows, using: &generator))
        let holdoutSample = holdoutX.map { $0.gathering(Sampling.indices(count: cap, from: $0.rows, using: &generator)) }
        let queries = holdoutSample.map { syntheticSample.stacked(on: $0) } ?? syntheticSample
        let toTrain = NearestNeighborDistances.nearest(queries: queries.floats, references: trainX.floats, dimension: d).map(Double.init)
        let syntheticDCR = Array(toTrain[0..<syntheticSample.rows]), holdoutDCR = Array(toTrain[syntheticSample.rows...])
        let dcr = summarize(synthetic: syntheticDCR, holdout: holdoutX == nil ? nil : holdoutDCR)

        let trainRows = Set(rowsOf(trainX))
        let exact = Double(rowsOf(syntheticX).filter { trainRows.contains($0) }.count) / Double(max(1, syntheticX.rows))
        let holdoutExact = holdoutX.map { h in Double(rowsOf(h).filter { trainRows.contains($0) }.count) / Double(max(1, h.rows)) }

        var mia: MembershipInference?
        if let holdoutX {
            let size = min(trainX.rows, holdoutX.rows, cap)
            let members = trainX.gathering(Sampling.indices(count: size, from: trainX.rows, using: &generator))
            let nonMembers = holdoutX.gathering(Sampling.indices(count: size, from: holdoutX.rows, using: &generator))
            let toSynthetic = NearestNeighborDistances.nearest(
                queries: members.stacked(on: nonMembers).floats, references: syntheticX.floats, dimension: d).map(Double.init)
            mia = MembershipInferenceAttack.evaluate(
                memberDistances: Array(toSynthetic[0..<size]), nonMemberDistances: Array(toSynthetic[size...]), delta: delta)
        }
        return PrivacyScores(
            dcr: dcr, exactMatchRate: exact, holdoutExactMatchRate: holdoutExact, mia: mia, encoding: encodingDescription)
    }

    private static func rowsOf(_ x: FeatureMatrix) -> [ArraySlice<Double>] {
        (0..<x.rows).map { x.values[($0 * x.columns)..<(($0 + 1) * x.columns)] }
    }

    static func summarize(synthetic: [Double], holdout: [Double]?) -> DistanceToClosestRecord {
        let sMedian = percentile(synthetic, 50), sP5 = percentile(synthetic, 5)
        let hMedian = holdout.map { percentile($0, 50) }, hP5 = holdout.map { percentile($0, 5) }
        let upper = max(percentile(synthetic, 99), holdout.map { percentile($0, 99) } ?? 0, 1e-9)
        let bins = 30
        let edges = (0...bins).map { upper * Double($0) / Double(bins) }
        func counts(_ values: [Double]) -> [Int] {
            var c = [Int](repeating: 0, count: bins)
            for v in values { c[min(bins - 1, Int(v / upper * Double(bins)))] += 1 }  // The top bin takes the tail.
            return c
        }
        return DistanceToClosestRecord(
            syntheticMedian: sMedian, syntheticP5: sP5, holdoutMedian: hMedian, holdoutP5: hP5,
            medianRatio: hMedian.flatMap { $0 > 0 ? sMedian / $0 : nil }, p5Ratio: hP5.flatMap { $0 > 0 ? sP5 / $0 : nil },
            syntheticRows: synthetic.count, holdoutRows: holdout?.count ?? 0,
            histogram: DistanceHistogram(edges: edges, synthetic: counts(synthetic), holdout: holdout.map(counts) ?? []))
    }

    /// The `p`-th percentile with linear interpolation between order statistics (NumPy's default).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = p / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
