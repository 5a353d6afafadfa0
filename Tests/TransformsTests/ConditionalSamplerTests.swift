import Foundation
import Testing
import ProfileGANRandom
import ProfileGANSchema
@testable import ProfileGANTransforms

@Suite struct ConditionalSamplerTests {
    static let table = Fixtures.mixedTable(rows: 3_000, seed: 21)
    static let transformer: DataTransformer = {
        var rng = SeededGenerator(seed: 1)
        return try! DataTransformer(fitting: table, rng: &rng)
    }()
    static let encoded: EncodedBatch = {
        var rng = SeededGenerator(seed: 2)
        return try! transformer.encode(table, rng: &rng)
    }()

    /// Pearson's χ² of observed cell counts against expected probabilities.
    static func chiSquare(_ observed: [ConditionChoice: Int], expected: [ConditionChoice: Double], draws: Int) -> Double {
        expected.reduce(0) { total, cell in
            let e = cell.value * Double(draws)
            let o = Double(observed[cell.key] ?? 0)
            return e > 0 ? total + (o - e) * (o - e) / e : total + (o > 0 ? .infinity : 0)
        }
    }

    static func tally(_ sampler: ConditionalSampler, draws: Int, seed: UInt64) -> [ConditionChoice: Int] {
        var rng = SeededGenerator(seed: seed)
        var counts: [ConditionChoice: Int] = [:]
        for choice in sampler.sampleConditions(batch: draws, rng: &rng).choices { counts[choice, default: 0] += 1 }
        return counts
    }

    /// The training-by-sampling law: block uniform, entry ∝ log(1 + count).
    static func expectedLaw(_ blocks: [DiscreteBlock], counts: [[Double]]) -> [ConditionChoice: Double] {
        var law: [ConditionChoice: Double] = [:]
        for (b, blockCounts) in counts.enumerated() {
            let logs = blockCounts.map { log(1 + $0) }
            let total = logs.reduce(0, +)
            for (e, l) in logs.enumerated() { law[ConditionChoice(block: b, entry: e)] = l / total / Double(blocks.count) }
        }
        return law
    }

    @Test func conditionableBlocksAndWidth() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .uniform)
        #expect(sampler.blocks.map(\.displayName) == ["country", "plan", "premium", "interests[music]", "interests[sports]", "interests[travel]"])
        #expect(sampler.conditionWidth == 4 + 3 + 3 + 2 + 2 + 2)
        #expect(sampler.conditionOffsets == [0, 4, 7, 10, 12, 14])
    }

    @Test func sampleLayoutMatchesTheReadmeExample() throws {
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(fitting: try Fixtures.sampleProfiles(), rng: &rng)
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        #expect(transformer.width == 35 && sampler.conditionWidth == 29)
        #expect(transformer.discreteBlocks.count == 10 && sampler.blocks.count == 9)
    }

    @Test func categoriesFollowTheLogFrequencyLaw() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .exact(Self.encoded))
        let counts = ConditionalSampler.categoryCounts(in: Self.encoded, blocks: sampler.blocks)
        // The counts are the table's: country codes 0...3.
        guard case .categorical(let codes, _) = Self.table.columns[3] else { return }
        #expect(counts[0] == (0..<4).map { c in Double(codes.filter { $0 == c }.count) })
        let law = Self.expectedLaw(sampler.blocks, counts: counts)
        let draws = 60_000
        let chi2 = Self.chiSquare(Self.tally(sampler, draws: draws, seed: 5), expected: law, draws: draws)
        // 17 cells → 16 degrees of freedom; the 99.9% quantile of χ²(16) is 39.3.
        #expect(chi2 < 39.3, "χ² = \(chi2)")
        // And the law differs measurably from plain frequencies: the rare country is boosted.
        let rare = sampler.probabilities[0][3]
        #expect(rare > 3 * counts[0][3] / counts[0].reduce(0, +))
    }

    @Test func generationConditionsFollowPlainFrequencies() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .exact(Self.encoded))
        let counts = ConditionalSampler.categoryCounts(in: Self.encoded, blocks: sampler.blocks)
        var law: [ConditionChoice: Double] = [:]
        for (b, blockCounts) in counts.enumerated() {
            for (e, c) in blockCounts.enumerated() {
                law[ConditionChoice(block: b, entry: e)] = c / blockCounts.reduce(0, +) / Double(counts.count)
            }
        }
        var rng = SeededGenerator(seed: 11)
        var observed: [ConditionChoice: Int] = [:]
        for choice in sampler.sampleGenerationConditions(batch: 60_000, rng: &rng).choices { observed[choice, default: 0] += 1 }
        let chi2 = Self.chiSquare(observed, expected: law, draws: 60_000)
        #expect(chi2 < 39.3, "χ² = \(chi2)")
    }

    @Test func codableRoundTripKeepsTheLawsButNotTheRealRows() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .exact(Self.encoded), realRows: Self.encoded)
        let restored = try JSONDecoder().decode(ConditionalSampler.self, from: try JSONEncoder().encode(sampler))
        #expect(restored.blocks == sampler.blocks && restored.conditionOffsets == sampler.conditionOffsets)
        #expect(restored.probabilities == sampler.probabilities && restored.generationProbabilities == sampler.generationProbabilities)
        #expect(restored.frequencyMode == .exact && !restored.hasRealRowIndex)
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        #expect(restored.sampleGenerationConditions(batch: 100, rng: &a) == sampler.sampleGenerationConditions(batch: 100, rng: &b))
    }

    @Test func sampledRealRowsHaveTheCondition() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .exact(Self.encoded), realRows: Self.encoded)
        var rng = SeededGenerator(seed: 6)
        let batch = sampler.sampleConditions(batch: 2_000, rng: &rng)
        let rows = sampler.sampleRealRows(for: batch.choices, rng: &rng)
        guard case .categorical(let country, _) = Self.table.columns[3] else { return }
        Self.encoded.values.withUnsafeBufferPointer { values in
            for (choice, row) in zip(batch.choices, rows) {
                let encodedRow = UnsafeBufferPointer(rebasing: values[(row * Self.encoded.width)..<((row + 1) * Self.encoded.width)])
                #expect(sampler.isSatisfied(choice, byEncodedRow: encodedRow))
                if choice.block == 0 { #expect(Int(country[row]) == choice.entry) }
            }
        }
    }

    @Test func vectorsAndMaskMarkTheChosenEntry() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .uniform)
        var rng = SeededGenerator(seed: 7)
        let batch = sampler.sampleConditions(batch: 300, rng: &rng)
        #expect(batch.vectors.count == 300 * sampler.conditionWidth && batch.mask.count == 300 * sampler.blocks.count)
        for (r, choice) in batch.choices.enumerated() {
            let vector = batch.vectors[(r * sampler.conditionWidth)..<((r + 1) * sampler.conditionWidth)]
            #expect(vector.filter { $0 != 0 }.count == 1 && vector[vector.startIndex + sampler.conditionOffsets[choice.block] + choice.entry] == 1)
            let mask = batch.mask[(r * sampler.blocks.count)..<((r + 1) * sampler.blocks.count)]
            #expect(mask.filter { $0 != 0 }.count == 1 && mask[mask.startIndex + choice.block] == 1)
        }
    }

    @Test func uniformModeNeverLooksAtCounts() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .uniform)
        #expect(sampler.frequencyMode == .uniform && sampler.frequencyMode.isPrivacySafe)
        #expect(!sampler.hasRealRowIndex)
        for (block, probabilities) in zip(sampler.blocks, sampler.probabilities) {
            #expect(probabilities.allSatisfy { abs($0 - 1 / Double(block.length)) < 1e-15 })
        }
        let uniformLaw = Self.expectedLaw(sampler.blocks, counts: sampler.blocks.map { [Double](repeating: 1, count: $0.length) })
        let chi2 = Self.chiSquare(Self.tally(sampler, draws: 60_000, seed: 8), expected: uniformLaw, draws: 60_000)
        #expect(chi2 < 39.3, "χ² = \(chi2)")
        // A transformer fitted on a table with very different frequencies draws the very same conditions.
        let other = Fixtures.mixedTable(rows: 500, seed: 99)
        var rng = SeededGenerator(seed: 1)
        let otherSampler = try ConditionalSampler(transformer: try DataTransformer(fitting: other, rng: &rng), frequencies: .uniform)
        #expect(Self.tally(otherSampler, draws: 5_000, seed: 9) == Self.tally(sampler, draws: 5_000, seed: 9))
    }

    @Test func noisyCountsAreClippedAndSmoothed() throws {
        let blocks = Self.transformer.conditionableBlocks
        var noisy = blocks.map { [Double](repeating: 50, count: $0.length) }
        noisy[0] = [900, 300, -12, 0]
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .noisyCounts(noisy))
        #expect(sampler.frequencyMode == .noisyCounts && sampler.frequencyMode.isPrivacySafe)
        let logs = [log(901.0), log(301.0), 0, 0]
        let η = CategoryFrequencies.noisySmoothing
        let expected = logs.map { (1 - η) * $0 / logs.reduce(0, +) + η / 4 }
        #expect(zip(sampler.probabilities[0], expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(sampler.probabilities[0][2] > 0)  // a category whose noisy count fell below zero stays reachable
        #expect(throws: TransformError.self) { try ConditionalSampler(transformer: Self.transformer, frequencies: .noisyCounts([[1, 2]])) }
    }

    @Test func realRowConditionsAreReadOffTheRowItself() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .uniform)
        var rng = SeededGenerator(seed: 10)
        let rows = 500
        let batch = Self.encoded.values.withUnsafeBufferPointer {
            sampler.readConditions(fromEncodedRows: UnsafeBufferPointer(rebasing: $0[0..<(rows * Self.encoded.width)]), rows: rows, rng: &rng)
        }
        #expect(batch.choices.count == rows)
        Self.encoded.values.withUnsafeBufferPointer { values in
            for (r, choice) in batch.choices.enumerated() {
                let row = UnsafeBufferPointer(rebasing: values[(r * Self.encoded.width)..<((r + 1) * Self.encoded.width)])
                #expect(sampler.isSatisfied(choice, byEncodedRow: row))
            }
        }
        // Every block gets picked (uniformly over blocks).
        #expect(Set(batch.choices.map(\.block)).count == sampler.blocks.count)
    }

    @Test func aTableWithoutDiscreteColumnsHasEmptyConditions() throws {
        let schema = try DatasetSchema(name: "c", columns: [ColumnSchema(name: "x", kind: .continuous(min: 0, max: 1, integer: false))])
        let table = Table(schema: schema, columns: [.continuous([0.1, 0.5, 0.9])])
        var rng = SeededGenerator(seed: 1)
        let transformer = try DataTransformer(fitting: table, options: TransformerOptions(continuous: .minmax), rng: &rng)
        let sampler = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        let batch = sampler.sampleConditions(batch: 4, rng: &rng)
        #expect(sampler.conditionWidth == 0 && batch.rows == 4 && batch.vectors.isEmpty && batch.choices.isEmpty && batch.mask.isEmpty)
    }

    @Test func fixedConditionsFromWhereClauses() throws {
        let sampler = try ConditionalSampler(transformer: Self.transformer, frequencies: .uniform)
        #expect(try sampler.condition(parsing: "country=FR") == ConditionChoice(block: 0, entry: 1))
        #expect(try sampler.condition(parsing: "plan=") == ConditionChoice(block: 1, entry: 2))  // the missing category
        #expect(try sampler.condition(parsing: "premium=Yes") == ConditionChoice(block: 2, entry: 1))
        #expect(try sampler.condition(parsing: "interests=sports") == ConditionChoice(block: 4, entry: 1))
        #expect(throws: TransformError.self) { try sampler.condition(parsing: "country=XX") }
        #expect(throws: TransformError.self) { try sampler.condition(parsing: "income=3") }
        #expect(throws: TransformError.self) { try sampler.condition(parsing: "country") }
        let fixed = sampler.conditions([try sampler.condition(parsing: "country=IS")])
        #expect(fixed.vectors[3] == 1 && fixed.vectors.reduce(0, +) == 1)
    }
}
