import Foundation
import ProfileGANRandom
import ProfileGANSchema
import Testing
import TestSupport
@testable import ProfileGANSynthesizer

/// The autoregressive model kind: learns planted dependencies, generates reproducibly, round-trips
/// through the model file, honours --where and shards, and is told apart from GAN files.
@Suite struct AutoregressiveSynthesizerTests {
    static func sample() throws -> Table {
        let root = PlantedDependencyTests.root
        let schema = try DatasetSchema.load(from: root.appendingPathComponent("schemas/profiles.json"))
        return try Table.load(csvAt: root.appendingPathComponent("samples/profiles.csv").path, schema: schema)
    }

    static func fit(epochs: Int = 30) throws -> AutoregressiveModel {
        var configuration = AutoregressiveConfiguration()
        configuration.epochs = epochs
        configuration.hiddenSizes = [64, 64]
        configuration.seed = 1
        return try AutoregressiveSynthesizer.fit(try sample(), configuration: configuration)
    }

    static func generate(_ model: AutoregressiveModel, rows: Int, seed: UInt64, conditions: [String] = [],
                         shard: Shard = .whole) throws -> [Table] {
        var options = SynthesizerModel.GenerationOptions(seed: seed)
        options.conditions = conditions
        options.shard = shard
        options.batchSize = 5000
        var batches: [Table] = []
        try model.generate(rows: rows, options: options) { batches.append($0) }
        return batches
    }

    @Test func learnsPlantedDependenciesAndIsReproducible() throws {
        let model = try Self.fit()
        let batches = try Self.generate(model, rows: 5000, seed: 7)
        #expect(batches.map(\.rowCount).reduce(0, +) == 5000)
        #expect(batches.count == 1)
        let synthetic = batches[0]
        let musicYoung = PlantedDependencyTests.rate(synthetic, label: "music") { age, _ in age < 30 }
        let musicOld = PlantedDependencyTests.rate(synthetic, label: "music") { age, _ in age >= 30 }
        let gamingYoung = PlantedDependencyTests.rate(synthetic, label: "gaming") { age, _ in age < 25 }
        let gamingOld = PlantedDependencyTests.rate(synthetic, label: "gaming") { age, _ in age >= 45 }
        // Planted contrasts 0.35 and 0.49; a model that ignored age would show about 0.
        #expect(musicYoung - musicOld > 0.2, "music: \(musicYoung) vs \(musicOld)")
        #expect(gamingYoung - gamingOld > 0.3, "gaming: \(gamingYoung) vs \(gamingOld)")
        let again = try Self.generate(model, rows: 5000, seed: 7)[0]
        #expect(again.columns == synthetic.columns)
        let other = try Self.generate(model, rows: 5000, seed: 8)[0]
        #expect(other.columns != synthetic.columns)
    }

    @Test func modelFileRoundTripsAndKindsAreToldApart() throws {
        let model = try Self.fit(epochs: 2)
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("ar.pgan").path
        try model.save(to: path)
        let loaded = try AutoregressiveModel.load(from: path)
        #expect(try Self.generate(loaded, rows: 300, seed: 3)[0].columns == Self.generate(model, rows: 300, seed: 3)[0].columns)
        #expect(try ModelKind.of(ModelFile.read(from: path), path: path) == .autoregressive)
        #expect(throws: ModelFileError.self) { try SynthesizerModel.load(from: path) }
        // A file without model_kind is a GAN, and the autoregressive loader refuses it.
        var gan = SynthesizerConfiguration()
        gan.epochs = 1
        gan.seed = 1
        let ganPath = folder.url.appendingPathComponent("gan.pgan").path
        try Synthesizer.fit(try Self.sample(), configuration: gan).save(to: ganPath)
        let ganFile = try ModelFile.read(from: ganPath)
        #expect(ganFile.metadata["model_kind"] == nil)
        #expect(try ModelKind.of(ganFile, path: ganPath) == .gan)
        #expect(throws: ModelFileError.self) { try AutoregressiveModel.load(from: ganPath) }
    }

    @Test func conditionsAndShards() throws {
        let model = try Self.fit(epochs: 5)
        let batches = try Self.generate(model, rows: 400, seed: 5, conditions: ["country=DE", "premium=true"])
        #expect(batches.map(\.rowCount).reduce(0, +) == 400)
        for rows in batches {
            guard case .categorical(let codes, let names) = rows.column(named: "country"), case .boolean(let premium) = rows.column(named: "premium") else {
                Issue.record("columns missing"); return
            }
            #expect(codes.allSatisfy { $0 >= 0 && names[Int($0)] == "DE" })
            #expect(premium.allSatisfy { $0 == 1 })
        }
        #expect(throws: SynthesizerError.self) { try Self.generate(model, rows: 10, seed: 5, conditions: ["country=Atlantis"]) }
        // Two shards: their shares of the rows, ids continuing.
        let first = try Self.generate(model, rows: 101, seed: 5, shard: try Shard(parsing: "1/2"))[0]
        let second = try Self.generate(model, rows: 101, seed: 5, shard: try Shard(parsing: "2/2"))[0]
        #expect(first.rowCount == 51 && second.rowCount == 50)
        guard case .id(let ids) = second.column(named: "user_id") else { Issue.record("no id column"); return }
        #expect(ids.first == "52")
    }

    /// The incremental sampler (first layer and skip updated per drawn unit, head per block) draws
    /// what full forward passes draw: the same logits up to rounding, hence the same tokens.
    @Test func incrementalSamplingMatchesFullForwardPasses() throws {
        let model = try Self.fit(epochs: 2)
        let sampler = TokenSampler(network: model.network)
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let fast = sampler.sample(rows: 2_000, rng: &a)
        let full = sampler.sampleByFullPasses(rows: 2_000, rng: &b)
        let differing = zip(fast, full).filter { $0 != $1 }.count
        // A draw can flip only when u lands within rounding of a boundary; a cascade after it is possible.
        #expect(Double(differing) / Double(fast.count) < 0.001, "\(differing) of \(fast.count) tokens differ")
    }

    /// Generation runs batches on several threads with one network copy each; the rows do not
    /// depend on how many.
    @Test func rowsDoNotDependOnTheNumberOfWorkers() throws {
        let model = try Self.fit(epochs: 2)
        func rows(workers: Int, conditions: [String] = []) throws -> [Table] {
            var options = SynthesizerModel.GenerationOptions(seed: 4)
            options.batchSize = 300
            options.workers = workers
            options.conditions = conditions
            var batches: [Table] = []
            try model.generate(rows: 1_000, options: options) { batches.append($0) }
            return batches
        }
        #expect(try rows(workers: 1).map(\.columns) == rows(workers: 3).map(\.columns))
        #expect(try rows(workers: 1, conditions: ["country=DE"]).map(\.columns) == rows(workers: 2, conditions: ["country=DE"]).map(\.columns))
    }
}
