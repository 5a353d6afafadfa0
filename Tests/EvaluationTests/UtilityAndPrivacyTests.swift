import Foundation
import Testing
import ProfileGANRandom
import ProfileGANSchema
@testable import ProfileGANEvaluation

@Suite struct UtilityTests {
    @Test func separableTargetGivesHighAUCAndShuffledGivesChance() throws {
        let train = TestTables.profiles(rows: 600, seed: 11), synthetic = TestTables.profiles(rows: 600, seed: 12)
        let holdout = TestTables.profiles(rows: 400, seed: 13)
        let utility = try #require(try Evaluator(real: train, synthetic: synthetic, holdout: holdout, options: fast(target: "label")).run().utility)
        #expect(utility.classes == ["false", "true"])
        #expect(utility.tstr.auc! > 0.97)
        #expect(utility.trtr.auc! > 0.97)
        #expect(utility.tstr.accuracy > 0.9)
        let boosted = try #require(utility.tstr.models.first { $0.model == "gradient_boosted_trees" })
        #expect(boosted.auc! > 0.9)

        let noise = TestTables.profiles(rows: 600, seed: 14, shuffledLabel: true)
        let holdoutNoise = TestTables.profiles(rows: 2000, seed: 15, shuffledLabel: true)
        let chance = try #require(try Evaluator(real: train, synthetic: noise, holdout: holdoutNoise, options: fast(target: "label")).run().utility)
        #expect(abs(chance.tstr.auc! - 0.5) < 0.06)
    }

    @Test func multinomialLogisticRegressionLearnsThreeClasses() {
        // Class = which of three well-separated centres a point was drawn around.
        var rows: [Double] = [], labels: [Int] = []
        let centres = [(0.0, 4.0), (4.0, -2.0), (-4.0, -2.0)]
        for i in 0..<300 {
            let c = i % 3
            rows += [centres[c].0 + Double((i * 7) % 11) / 11 - 0.5, centres[c].1 + Double((i * 5) % 13) / 13 - 0.5]
            labels.append(c)
        }
        let x = FeatureMatrix(rows: 300, columns: 2, values: rows)
        let p = LogisticRegression(features: x, labels: labels, classCount: 3).probabilities(x)
        let score = Classifier.score("lr", probabilities: p, labels: labels, classCount: 3)
        #expect(score.accuracy == 1)
        #expect(score.auc! > 0.999)
        // Probabilities are a distribution per row.
        #expect(abs(p[0] + p[1] + p[2] - 1) < 1e-12)
    }

    @Test func binaryNewtonSolutionSatisfiesTheOptimalityConditions() {
        // Overlapping classes, so the optimum is finite: ∇ = Xᵀ(p − y)/n + λw = 0 and mean(p − y) = 0.
        let table = TestTables.profiles(rows: 400, seed: 61, shuffledLabel: false)
        let x = FeatureEncoder(fitting: table, excluded: ["label"]).encode(table)
        var labels = UtilityEvaluator.labelled(table, target: "label", classes: ["false", "true"]).labels
        for r in stride(from: 0, to: labels.count, by: 7) { labels[r] = 1 - labels[r] }  // label noise
        let model = LogisticRegression(features: x, labels: labels, classCount: 2, l2: 1e-3)
        let p = model.probabilities(x)
        let n = Double(x.rows)
        var interceptGradient = 0.0
        for r in 0..<x.rows { interceptGradient += (p[r * 2 + 1] - Double(labels[r])) / n }
        #expect(abs(interceptGradient) < 1e-7)
        for j in 0..<x.columns {
            var g = 1e-3 * model.weights[j * 2 + 1]
            for r in 0..<x.rows { g += x.values[r * x.columns + j] * (p[r * 2 + 1] - Double(labels[r])) / n }
            #expect(abs(g) < 1e-7, "feature \(j): \(g)")
        }
    }

    @Test func rejectsAContinuousTargetAndATargetWithoutHoldout() {
        let t = TestTables.profiles(rows: 20, seed: 1)
        #expect(throws: EvaluationError.self) { try Evaluator(real: t, synthetic: t, holdout: t, options: EvaluationOptions(target: "x1")) }
        #expect(throws: EvaluationError.self) { try Evaluator(real: t, synthetic: t, options: EvaluationOptions(target: "label")) }
        #expect(throws: EvaluationError.self) { try Evaluator(real: t, synthetic: t, holdout: t, options: EvaluationOptions(target: "nope")) }
    }

    @Test func detectionSeparatesShiftedDataButNotResampledData() {
        let real = TestTables.profiles(rows: 500, seed: 21)
        let same = try! Evaluator(real: real, synthetic: TestTables.profiles(rows: 500, seed: 22), options: fast()).run().detection
        #expect(abs(same.auc! - 0.5) < 0.08)
        var shifted = TestTables.profiles(rows: 500, seed: 23)
        guard case let .continuous(x) = shifted.columns[1] else { return }
        shifted = Table(schema: shifted.schema, columns: [shifted.columns[0], .continuous(x.map { $0 + 1.5 })] + shifted.columns[2...])
        let far = try! Evaluator(real: real, synthetic: shifted, options: fast()).run().detection
        #expect(far.auc! > 0.8)
    }
}

/// Options that keep the unit tests quick.
func fast(target: String? = nil) -> EvaluationOptions {
    var options = EvaluationOptions(target: target)
    options.detectionFolds = 3
    options.privacyQueryRows = 2_000
    return options
}

@Suite struct PrivacyTests {
    @Test func nearestNeighbourDistancesMatchBruteForce() {
        // More references than one block, and a query count that is not a multiple of the query block.
        let d = 3, q = 300, r = 5000
        let queries = (0..<(q * d)).map { Float(($0 * 37) % 101) / 10 }
        let references = (0..<(r * d)).map { Float(($0 * 53) % 97) / 10 }
        let fast = NearestNeighborDistances.nearest(queries: queries, references: references, dimension: d)
        for i in stride(from: 0, to: q, by: 17) {
            var best = Float.infinity
            for j in 0..<r {
                var s: Float = 0
                for k in 0..<d { let diff = queries[i * d + k] - references[j * d + k]; s += diff * diff }
                best = min(best, s)
            }
            #expect(abs(fast[i] - best.squareRoot()) < 1e-3)
        }
    }

    @Test func nearestNeighbourDistancesMatchBruteForceInHighDimension() {
        // Standard-normal rows of the width of a real encoded table, several query blocks on both workers.
        var g = SeededGenerator(seed: 71)
        let d = 52, q = 700, r = 9000
        let queries = (0..<(q * d)).map { _ in Float(g.nextStandardNormal()) }
        let references = (0..<(r * d)).map { _ in Float(g.nextStandardNormal()) }
        let fast = NearestNeighborDistances.nearest(queries: queries, references: references, dimension: d)
        for i in stride(from: 0, to: q, by: 23) {
            var best = Double.infinity
            for j in 0..<r {
                var s = 0.0
                for k in 0..<d { let diff = Double(queries[i * d + k]) - Double(references[j * d + k]); s += diff * diff }
                best = min(best, s)
            }
            #expect(abs(Double(fast[i]) - best.squareRoot()) < 1e-3)
        }
    }

    @Test func copiedRowsShowAsExactMatchesAndZeroDCR() throws {
        let train = TestTables.profiles(rows: 400, seed: 31)
        let fresh = TestTables.profiles(rows: 400, seed: 32)
        // Half the synthetic rows are training rows (ids differ: id columns do not count).
        let copied = Table(schema: train.schema, columns: zip(train.rows(0..<200).columns, fresh.rows(200..<400).columns).map { a, b in
            switch (a, b) {
            case let (.id(x), .id(y)): .id(x.map { "s" + $0 } + y)
            case let (.continuous(x), .continuous(y)): .continuous(x + y)
            case let (.categorical(x, c), .categorical(y, _)): .categorical(codes: x + y, categories: c)
            case let (.boolean(x), .boolean(y)): .boolean(x + y)
            default: a
            }
        })
        let privacy = try Evaluator(real: train, synthetic: copied, holdout: TestTables.profiles(rows: 400, seed: 33), options: fast()).run().privacy
        #expect(privacy.exactMatchRate == 0.5)
        #expect(privacy.holdoutExactMatchRate == 0)
        #expect(privacy.dcr.syntheticP5 < 1e-3)
        #expect(privacy.dcr.holdoutP5! > 0.01)
        #expect(privacy.dcr.p5Ratio! < 0.1)
        #expect(privacy.dcr.syntheticRows == 400)
        #expect(privacy.dcr.histogram.synthetic.reduce(0, +) == 400)
    }

    @Test func membershipInferenceIsChanceOnIndependentDataAndHighOnMemorizedData() throws {
        let train = TestTables.profiles(rows: 1000, seed: 41), holdout = TestTables.profiles(rows: 1000, seed: 42)
        let independent = try #require(try Evaluator(real: train, synthetic: TestTables.profiles(rows: 1000, seed: 43), holdout: holdout, options: fast()).run().privacy.mia)
        #expect(abs(independent.auc! - 0.5) < 0.06)
        #expect(independent.epsilonLowerBound < 0.5)
        #expect(independent.members == 1000 && independent.nonMembers == 1000)
        let memorized = try #require(try Evaluator(real: train, synthetic: train, holdout: holdout, options: fast()).run().privacy.mia)
        #expect(memorized.auc! > 0.99)
        // Every member at distance 0 and almost no non-member: ε must be large.
        #expect(memorized.epsilonLowerBound > 3)
    }

    @Test func epsilonBoundFollowsTheClopperPearsonFormula() {
        // Members all at distance 0, non-members all at 1: at t = 0, TP = n, FP = 0.
        let n = 100
        let bound = MembershipInferenceAttack.epsilonLowerBound(
            members: [Double](repeating: 0, count: n), nonMembers: [Double](repeating: 1, count: n), delta: 0)
        let tprLow = ClopperPearson.lower(successes: n, trials: n, alpha: 0.025)
        let fprHigh = ClopperPearson.upper(successes: 0, trials: n, alpha: 0.025)
        #expect(abs(bound - log(tprLow / fprHigh)) < 1e-9)
    }
}
