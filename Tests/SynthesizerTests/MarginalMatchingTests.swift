import Foundation
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms
import Testing
@testable import ProfileGANSynthesizer

/// The released marginals of a DP fit: what is charged, how cells are counted, and that the
/// generator ends up close to them.
@Suite struct MarginalMatchingTests {
    @Test func theReleaseChargesOneCountVectorPerMarginalAndPair() throws {
        let table = try smallTable()
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        var privacy = PrivacyOptions(target: .epsilon(2))
        privacy.delta = 1e-5
        // small: plan (nullable: 4 entries), premium, tags[a], tags[b] and the scalar of age.
        let automatic = try Synthesizer.planPrivateFit(noisyRowCount: table.rowCount, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(automatic.frequencyBlocks == 4)
        #expect(automatic.marginalHistogramColumns == ["age"])
        #expect(automatic.marginalPairCount == 10)  // 5 columns, 10 pairs ≤ the automatic limit
        guard case .discreteGaussian(let release) = automatic.mechanisms[1] else { Issue.record("no marginal release"); return }
        #expect(release.count == 15)
        #expect(automatic.epsilon <= 2 + 1e-9)

        privacy.marginalPairs = .none
        let oneWay = try Synthesizer.planPrivateFit(noisyRowCount: table.rowCount, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(oneWay.marginalPairCount == 0)
        guard case .discreteGaussian(let single) = oneWay.mechanisms[1] else { Issue.record("no marginal release"); return }
        #expect(single.count == 5)
        // Fewer count vectors, less noise on each.
        #expect(try #require(oneWay.frequencyNoiseMultiplier) < automatic.frequencyNoiseMultiplier!)

        // Seven categorical columns have 21 pairs, past the automatic limit: one-way only.
        let wide = try DatasetSchema(name: "wide", columns: (0..<7).map {
            ColumnSchema(name: "c\($0)", kind: .categorical(categories: ["x", "y"]))
        })
        privacy.marginalPairs = .automatic
        let widePlan = try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy)
        #expect(widePlan.marginalPairCount == 0)
        privacy.marginalPairs = .all
        #expect(try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy).marginalPairCount == 21)
        // A named column adds its pair with every other column, in column order, past the limit too.
        privacy.marginalPairs = .automatic
        privacy.marginalPairColumns = ["c3"]
        let star = try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy)
        #expect(star.releases.compactMap { release -> String? in
            if case .pair(let a, let b) = release.subject { return a + "×" + b } else { return nil }
        } == ["c0×c3", "c1×c3", "c2×c3", "c3×c4", "c3×c5", "c3×c6"])
        #expect(try #require(star.frequencyNoiseMultiplier) > widePlan.frequencyNoiseMultiplier!)
        privacy.marginalPairs = .all
        #expect(try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy).marginalPairCount == 21)
        privacy.marginalPairs = .none
        #expect(try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy).marginalPairCount == 6)
        privacy.marginalPairColumns = ["c9"]
        #expect { try Synthesizer.planPrivateFit(noisyRowCount: 1000, delta: 1e-5, schema: wide, configuration: configuration, privacy: privacy) } throws: {
            "\($0)".contains("the schema has no column c9")
        }
        privacy.marginalPairColumns = []
        privacy.marginalPairs = .automatic
        // A multilabel column is its labels: naming it pairs each of them with every other marginal.
        privacy.marginalPairs = .none
        privacy.marginalPairColumns = ["tags"]
        let labels = try Synthesizer.planPrivateFit(noisyRowCount: table.rowCount, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(labels.marginalPairCount == 7)  // tags[a] × tags[b], and each with the other three
        // Nothing released, nothing to pair: said, not ignored.
        privacy.target = .noiseMultiplier(1)
        #expect { try Synthesizer.planPrivateFit(noisyRowCount: table.rowCount, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy) } throws: {
            "\($0)".contains("releases no marginals")
        }
        privacy.target = .epsilon(2)
        privacy.marginalPairColumns = []
        privacy.marginalPairs = .automatic

        // Under vgm no scalar histograms are matched (a value is a mode and a scalar together).
        configuration.continuousEncoding = .vgm
        privacy.preprocessEpsilon = 0.2
        let vgm = try Synthesizer.planPrivateFit(noisyRowCount: table.rowCount, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(vgm.marginalHistogramColumns.isEmpty)
    }

    /// The plan's list of releases is what is charged, on tables with one-way marginals only,
    /// pairs, multilabel and nullable columns, and vgm histograms.
    @Test func theListOfReleasesEqualsTheListOfCharges() throws {
        let table = try smallTable()  // plan: nullable categorical, premium: boolean, tags: multilabel, age: continuous
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        func check(_ privacy: PrivacyOptions, _ configuration: SynthesizerConfiguration, vectors: Int) throws {
            let plan = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
            #expect(plan.releases.count == vectors)
            #expect(plan.releases.first?.subject == .rowCount)
            #expect(plan.releases.allSatisfy { $0.sensitivity == 1 && $0.mechanism == "discrete_gaussian" })
            let charged = plan.releaseMechanisms.map { m -> Int in
                guard case .discreteGaussian(let d) = m else { Issue.record("not a discrete Gaussian: \(m)"); return 0 }
                return d.count
            }
            #expect(charged.reduce(0, +) == plan.releases.count)
            try plan.verify(executed: plan.releases)
            #expect(throws: SynthesizerError.self) { try plan.verify(executed: Array(plan.releases.dropLast())) }
            // A real fit runs the same list (it checks itself before training).
            let fit = try PrivateFit(table: table, configuration: configuration, privacy: privacy,
                                     ledger: BudgetLedger(path: Synthesizer.FitOptions.temporaryLedgerPath()))
            #expect(fit.plan.releases.map(\.subject) == plan.releases.map(\.subject))
            #expect(fit.plan.releases.map(\.cells) == plan.releases.map(\.cells))
            let model = try fit.train()
            #expect(model.privacy?.mechanisms.dropLast() == fit.plan.releaseMechanisms[...])
        }
        var privacy = PrivacyOptions(target: .epsilon(2))
        privacy.delta = 1e-5
        try check(privacy, configuration, vectors: 1 + 5 + 10)          // row count, 5 one-way, 10 pairs
        privacy.marginalPairs = .none
        try check(privacy, configuration, vectors: 1 + 5)
        let plan = try Synthesizer.planPrivateFit(noisyRowCount: 400, delta: 1e-5, schema: table.schema, configuration: configuration, privacy: privacy)
        #expect(plan.releases.map(\.cells) == [1, 4, 2, 2, 2, privacy.marginalBins])
        privacy.frequencyEpsilon = 0
        try check(privacy, configuration, vectors: 1)                    // the row count only
        var vgm = configuration
        vgm.continuousEncoding = .vgm
        privacy.preprocessEpsilon = 0.3
        privacy.frequencyEpsilon = nil
        try check(privacy, vgm, vectors: 1 + 1 + 4)                      // + a histogram of age; no scalar marginal
    }

    @Test func cellsAreCountedFromEncodedRows() throws {
        // Rows [scalar | one-hot of 3]: scalars in [−1, 1] fall in 4 bins of width 0.5.
        let values: [Float] = [-1, 1, 0, 0,
                               -0.3, 0, 1, 0,
                               0.2, 0, 1, 0,
                               1, 0, 0, 1,
                               0.99, 0, 0, 1]
        let encoded = EncodedBatch(rows: 5, width: 4, values: values)
        let scalar = MarginalColumn(kind: .scalar(column: 0), name: "x")
        let block = MarginalColumn(kind: .block(1..<4), name: "c")
        #expect(scalar.counts(of: encoded, bins: 4) == [1, 1, 1, 2])
        #expect(block.counts(of: encoded, bins: 4) == [1, 2, 2])
        #expect(block.counts(with: scalar, of: encoded, bins: 4) == [1, 0, 0, 0,
                                                                     0, 1, 1, 0,
                                                                     0, 0, 0, 2])
        #expect(scalar.cells(bins: 4) == .tanhBins(column: 0, bins: 4))
        #expect(block.cells(bins: 4) == .softmax(columns: 1..<4))
    }

    @Test func withoutPrivacyTheTargetsAreTheExactMarginalsOfEveryBlockAndScalar() throws {
        let table = try smallTable()
        var rng = SeededGenerator(seed: 5)
        let transformer = try DataTransformer(fitting: table, options: TransformerOptions(continuous: .minmax), rng: &rng)
        let encoded = try transformer.encode(table, rng: &rng)
        let targets = MarginalTargets(exactMarginalsOf: encoded, transformer: transformer, weight: 3)
        #expect(targets.weight == 3)
        // plan (4 entries with missing), premium, tags[a], tags[b], and the scalar of age.
        #expect(targets.targets.map(\.first.count) == [4, 2, 2, 2, MarginalTargets.exactScalarBins])
        #expect(targets.targets.allSatisfy { $0.second == nil })
        // premium ⇔ plan == "pro": rows r with r % 7 != 0 and r % 3 == 2.
        let pro = (0..<400).filter { $0 % 7 != 0 && $0 % 3 == 2 }.count
        #expect(abs(targets.targets[1].distribution[1] - Float(pro) / 400) < 1e-6)
        #expect(abs(targets.targets[0].distribution[3] - Float((0..<400).filter { $0 % 7 == 0 }.count) / 400) < 1e-6)
    }

    @Test func importanceWeightsTurnTrainingConditionsIntoGenerationConditions() throws {
        let table = try smallTable()
        var rng = SeededGenerator(seed: 3)
        let transformer = try DataTransformer(fitting: table, options: TransformerOptions(continuous: .minmax), rng: &rng)
        let encoded = try transformer.encode(table, rng: &rng)
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: .exact(encoded))
        let conditions = sampler.sampleConditions(batch: 200_000, rng: &rng)
        let weights = MarginalTargets.generationWeights(conditions, sampler: sampler)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-3)
        // The weighted share of each entry of the plan block, among rows conditioned on it, is its
        // plain frequency, not the log-frequency training-by-sampling draws it with.
        let block = 0
        var mass = [Double](repeating: 0, count: sampler.blocks[block].length)
        for (choice, weight) in zip(conditions.choices, weights) where choice.block == block { mass[choice.entry] += Double(weight) }
        let total = mass.reduce(0, +)
        for (entry, expected) in sampler.generationProbabilities[block].enumerated() {
            #expect(abs(mass[entry] / total - expected) < 0.01, "entry \(entry): \(mass[entry] / total) vs \(expected)")
        }
        #expect(sampler.probabilities[block] != sampler.generationProbabilities[block])
    }

    @Test func aPrivateFitOnTheSampleMatchesItsMarginals() throws {
        let root = PlantedDependencyTests.root
        let schema = try DatasetSchema.load(from: root.appendingPathComponent("schemas/profiles.json"))
        let real = try Table.load(csvAt: root.appendingPathComponent("samples/profiles.csv").path, schema: schema)
        var configuration = SynthesizerConfiguration()
        configuration.generatorDimensions = [64, 64]
        configuration.discriminatorDimensions = [64, 64]
        configuration.noiseDimension = 32
        configuration.seed = 1
        var privacy = PrivacyOptions(target: .epsilon(3))
        privacy.delta = 1e-5
        let model = try Synthesizer.fit(real, configuration: configuration, privacy: privacy, options: .charged())
        #expect(try #require(model.privacy?.epsilon) <= 3)
        var batches: [Table] = []
        try model.generate(rows: 5000, options: .init(seed: 1)) { batches.append($0) }
        let synthetic = try #require(batches.first)

        func shares(_ table: Table, _ column: String) -> [Double] {
            guard case .categorical(let codes, let categories) = table.column(named: column) else { return [] }
            var counts = [Double](repeating: 0, count: categories.count + 1)  // last: missing
            for code in codes { counts[code < 0 ? categories.count : Int(code)] += 1 }
            return counts.map { $0 / Double(codes.count) }
        }
        for column in ["gender", "country"] {
            let distance = zip(shares(real, column), shares(synthetic, column)).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
            #expect(distance < 0.06, "\(column): total variation distance \(distance)")
        }
        guard case .continuous(let realAges) = real.column(named: "age"),
              case .continuous(let syntheticAges) = synthetic.column(named: "age") else { Issue.record("no age"); return }
        // (Without the pull towards the marginals this fit is off by 0.10–0.12 in total variation
        // and by 0.14 in the share under 50; with it, by 0.01–0.03 and 0.015. Ages right at the lower bound are under-produced: tanh
        // only nears −1, so the share under 25 is not checked.)
        for cut in [35.0, 50] {
            let a = Double(realAges.filter { $0 < cut }.count) / Double(realAges.count)
            let b = Double(syntheticAges.filter { $0 < cut }.count) / Double(syntheticAges.count)
            #expect(abs(a - b) < 0.04, "share under \(cut): \(b) vs \(a)")
        }
    }
}
