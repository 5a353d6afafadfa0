import Foundation
import Synchronization
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANSchema
import ProfileGANTransforms
import Testing
import TestSupport
@testable import ProfileGANSynthesizer

/// A small table with a continuous, a categorical (nullable), a boolean and a multilabel column,
/// and an id column, with a planted dependency (premium ⇔ plan == "pro").
func smallTable(rows: Int = 400) throws -> Table {
    let schema = try DatasetSchema(name: "small", columns: [
        ColumnSchema(name: "id", kind: .id),
        ColumnSchema(name: "age", kind: .continuous(min: 10, max: 90, integer: true)),
        ColumnSchema(name: "plan", kind: .categorical(categories: ["free", "basic", "pro"]), nullable: true),
        ColumnSchema(name: "premium", kind: .boolean),
        ColumnSchema(name: "tags", kind: .multilabel(labels: ["a", "b"], separator: ";")),
    ])
    var ages = [Double](), plans = [Int32](), premium = [Int8](), flags = [UInt8]()
    for r in 0..<rows {
        let plan = Int32(r % 7 == 0 ? -1 : r % 3)
        ages.append(Double(20 + (r * 37) % 50))
        plans.append(plan)
        premium.append(plan == 2 ? 1 : 0)
        flags.append(contentsOf: [UInt8(r % 2), UInt8(r % 5 == 0 ? 1 : 0)])
    }
    return Table(schema: schema, columns: [
        .id((0..<rows).map { "u\($0)" }),
        .continuous(ages),
        .categorical(codes: plans, categories: ["free", "basic", "pro"]),
        .boolean(premium),
        .multilabel(flags: flags, missing: [Bool](repeating: false, count: rows), labels: ["a", "b"]),
    ])
}

func tinyConfiguration(seed: UInt64 = 7) -> SynthesizerConfiguration {
    var configuration = SynthesizerConfiguration()
    configuration.epochs = 2
    configuration.batchSize = 100
    configuration.generatorDimensions = [32, 32]
    configuration.discriminatorDimensions = [32, 32]
    configuration.noiseDimension = 16
    configuration.seed = seed
    return configuration
}

func generateAll(_ model: SynthesizerModel, rows: Int, options: SynthesizerModel.GenerationOptions) throws -> [Table] {
    var tables: [Table] = []
    try model.generate(rows: rows, options: options) { tables.append($0) }
    return tables
}


@Suite struct SynthesizerFitAndGenerateTests {
    @Test func sameSeedGivesIdenticalModelsAndRows() throws {
        let table = try smallTable()
        let a = try Synthesizer.fit(table, configuration: tinyConfiguration())
        let b = try Synthesizer.fit(table, configuration: tinyConfiguration())
        // Everything but the wall-clock time in the summary is a function of the seed.
        let (fileA, fileB) = (a.modelFile(), b.modelFile())
        #expect(fileA.tensors == fileB.tensors)
        #expect(fileA.metadata.filter { $0.key != "summary" } == fileB.metadata.filter { $0.key != "summary" })
        var options = SynthesizerModel.GenerationOptions(seed: 42)
        options.batchSize = 64
        let rowsA = try generateAll(a, rows: 300, options: options)
        let rowsB = try generateAll(b, rows: 300, options: options)
        #expect(rowsA.map(\.columns) == rowsB.map(\.columns))
        let other = try generateAll(a, rows: 300, options: .init(seed: 43))
        #expect(other.flatMap(\.columns) != rowsA.flatMap(\.columns))
    }

    @Test func batchesPreparedOnTheWorkersArriveInOrderAndMatchPlainGeneration() throws {
        BLASThreads.count = 1
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        var options = SynthesizerModel.GenerationOptions(seed: 5)
        options.batchSize = 40
        options.workers = 3
        var plain = [UInt8]()
        try model.generate(rows: 250, options: options) { plain += TableCSVWriter.encode($0).bytes }
        var prepared = [UInt8](), rows = 0
        try model.generate(rows: 250, options: options, prepare: TableCSVWriter.encode) { batch in
            prepared += batch.bytes
            rows += batch.rowCount
        }
        #expect(rows == 250)
        #expect(prepared == plain)
        // With a condition the batches are filtered on the caller's thread, then prepared there.
        options.conditions = ["premium=true"]
        var conditioned = 0
        try model.generate(rows: 60, options: options, prepare: { $0.rowCount }) { conditioned += $0 }
        #expect(conditioned == 60)
    }

    @Test func everyStageBeforeTheFirstStepIsReported() throws {
        let phases = Mutex<[FitPhase]>([])
        let epochsSeen = Mutex<Int>(0)
        var options = Synthesizer.FitOptions { _ in
            // The stages end before the first epoch report.
            #expect(phases.withLock { $0.count } == 3)
            epochsSeen.withLock { $0 += 1 }
        }
        options.phase = { phase in phases.withLock { $0.append(phase) } }
        _ = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration(), options: options)
        let reported = phases.withLock { $0 }
        #expect(reported.map(\.name.first) == ["t", "4", "s"])  // transformer, "400 rows encoded", sampler
        #expect(reported[1].name.hasPrefix("400 rows encoded"))
        #expect(reported.allSatisfy { $0.seconds >= 0 && $0.seconds.isFinite })
        #expect(epochsSeen.withLock { $0 } == 2)
    }

    @Test func workersDoNotChangeTheOutput() throws {
        // Workers run side by side only with single-threaded OpenBLAS (BLASThreads.parallelWorkers).
        BLASThreads.count = 1
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        var options = SynthesizerModel.GenerationOptions(seed: 4)
        options.batchSize = 50
        options.workers = 1
        let one = try generateAll(model, rows: 333, options: options)
        options.workers = 3
        let three = try generateAll(model, rows: 333, options: options)
        #expect(one.map(\.columns) == three.map(\.columns))
        #expect(one.reduce(0) { $0 + $1.rowCount } == 333)
        options.conditions = ["premium=true"]
        #expect(try generateAll(model, rows: 120, options: options).map(\.columns)
            == { options.workers = 1; return try generateAll(model, rows: 120, options: options).map(\.columns) }())
    }

    @Test func generatedRowsAreValidUnderTheSchema() throws {
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        let tables = try generateAll(model, rows: 500, options: .init(seed: 1))
        #expect(tables.reduce(0) { $0 + $1.rowCount } == 500)
        for table in tables {
            guard case .continuous(let ages) = table.columns[1], case .categorical(let codes, _) = table.columns[2],
                  case .boolean(let premium) = table.columns[3] else { Issue.record("wrong column kinds"); return }
            #expect(ages.allSatisfy { $0 >= 10 && $0 <= 90 && $0 == $0.rounded() })
            #expect(codes.allSatisfy { (-1...2).contains($0) })
            #expect(premium.allSatisfy { $0 == 0 || $0 == 1 })
        }
    }

    @Test func shardsPartitionRowsIdsAndStreams() throws {
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        var ids: [String] = []
        var contents: [[ColumnValues]] = []
        for k in 1...3 {
            var options = SynthesizerModel.GenerationOptions(seed: 9)
            options.shard = try Shard(parsing: "\(k)/3")
            let tables = try generateAll(model, rows: 1000, options: options)
            let rows = tables.reduce(0) { $0 + $1.rowCount }
            #expect(rows == (k == 1 ? 334 : 333))
            for table in tables { if case .id(let values) = table.columns[0] { ids += values } }
            contents.append(tables.first!.rows(0..<100).columns)
        }
        #expect(ids == (1...1000).map(String.init))
        #expect(contents[0] != contents[1] && contents[1] != contents[2])
        #expect(throws: SynthesizerError.self) { try Shard(parsing: "4/3") }
        #expect(throws: SynthesizerError.self) { try Shard(parsing: "0/3") }
        #expect(throws: SynthesizerError.self) { try Shard(parsing: "1-3") }
    }

    @Test func conditionsAreMetAndReported() throws {
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        var options = SynthesizerModel.GenerationOptions(seed: 3)
        options.conditions = ["plan=pro"]
        var report: SynthesizerModel.GenerationReport?
        var tables: [Table] = []
        report = try model.generate(rows: 200, options: options) { tables.append($0) }
        #expect(report?.rows == 200)
        #expect((report?.acceptanceRate ?? 0) > 0 && (report?.acceptanceRate ?? 2) <= 1)
        for table in tables {
            guard case .categorical(let codes, let categories) = table.columns[2] else { continue }
            #expect(codes.allSatisfy { categories[Int($0)] == "pro" })
        }
        options.conditions = ["plan=platinum"]
        #expect(throws: SynthesizerError.self) { try model.generate(rows: 10, options: options) { _ in } }
        options.conditions = ["colour=red"]
        #expect(throws: SynthesizerError.self) { try model.generate(rows: 10, options: options) { _ in } }
    }

    @Test func savedModelGeneratesWhatTheFittedOneDoes() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.pgan").path
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration(), options: .init(trainingDataSHA256: "abc"))
        try model.save(to: path)
        let loaded = try SynthesizerModel.load(from: path)
        #expect(loaded.summary == model.summary)
        #expect(loaded.summary.trainingDataSHA256 == "abc")
        #expect(loaded.privacy == nil)
        #expect(try generateAll(loaded, rows: 100, options: .init(seed: 5)).map(\.columns)
            == generateAll(model, rows: 100, options: .init(seed: 5)).map(\.columns))
    }

    @Test func corruptModelsAreRejectedClearly() throws {
        let model = try Synthesizer.fit(try smallTable(), configuration: tinyConfiguration())
        var file = model.modelFile()
        file.metadata["format_version"] = "99"
        #expect(throws: ModelFileError.self) { try SynthesizerModel.load(file, file: "m.pgan") }
        file = model.modelFile()
        file.metadata["transformer"] = "{\"oops\": 1}"
        do {
            _ = try SynthesizerModel.load(file, file: "m.pgan")
            Issue.record("a broken transformer was accepted")
        } catch {
            #expect(error.description.contains("transformer"))
        }
        file = model.modelFile()
        file.tensors.removeLast()
        #expect(throws: ModelFileError.self) { try SynthesizerModel.load(file, file: "m.pgan") }
        file = model.modelFile()
        file.metadata.removeValue(forKey: "format")
        #expect(throws: ModelFileError.self) { try SynthesizerModel.load(file, file: "m.pgan") }
        file = model.modelFile()
        file.tensors[0] = NamedTensor(name: file.tensors[0].name, shape: [1, 1], values: [0])
        #expect(throws: ModelFileError.self) { try SynthesizerModel.load(file, file: "m.pgan") }
    }

    @Test func stopRequestKeepsTheLastFinishedEpoch() throws {
        let control = TrainingControl()
        var configuration = tinyConfiguration()
        configuration.epochs = 5
        let options = Synthesizer.FitOptions(control: control) { report in
            if report.epoch == 2 { control.requestStop() }
        }
        let model = try Synthesizer.fit(try smallTable(), configuration: configuration, options: options)
        #expect(model.summary.epochsCompleted == 2)
        #expect(model.summary.stoppedEarly)
    }

    @Test func invalidSettingsAreRefused() throws {
        var configuration = tinyConfiguration()
        configuration.batchSize = 105  // not a multiple of pac 10
        #expect(throws: SynthesizerError.self) { try Synthesizer.fit(try smallTable(), configuration: configuration) }
        #expect(throws: SynthesizerError.self) { try Synthesizer.fit(try smallTable(rows: 0), configuration: tinyConfiguration()) }
    }
}

@Suite struct PrivateFitTests {
    @Test func reportsTheAccountedEpsilonAndItRecomputes() throws {
        var configuration = tinyConfiguration()
        configuration.epochs = 3
        var privacy = PrivacyOptions(target: .epsilon(1))
        privacy.delta = 1e-5
        let table = try smallTable()
        let fit = try PrivateFit(table: table, configuration: configuration, privacy: privacy,
                                 ledger: BudgetLedger(path: Synthesizer.FitOptions.temporaryLedgerPath()))
        let model = try fit.train(options: .init(trainingDataSHA256: "0123abcd"))
        #expect(model.summary.trainingDataSHA256 == nil)  // a whole-table hash is not DP
        let record = try #require(model.privacy)
        #expect(record.dp)
        #expect(try #require(record.epsilon) <= 1)
        #expect(record.delta == 1e-5)
        #expect(record.randomness == .secure)  // although the configuration has a seed
        let recomputed = try #require(try record.recomputedEpsilon())
        #expect(abs(recomputed - record.epsilon!) < 1e-9)
        #expect(record.mechanisms == fit.plan.mechanisms)
        guard case .poissonGaussian(let dpsgd) = try #require(record.mechanisms.last) else { Issue.record("no DP-SGD mechanism"); return }
        // Everything follows the noisy row count ñ, not the 400 rows.
        let noisy = fit.plan.noisyRowCount
        #expect(model.summary.rows == noisy)
        #expect(dpsgd.steps == 3 * (noisy / 100))
        #expect(abs(dpsgd.samplingRate - 100 / Double(noisy)) < 1e-12)
        #expect(model.configuration.pac == 1 && model.configuration.loss == .bce && model.configuration.continuousEncoding == .minmax)
        // The released category counts are integers, and the model keeps exactly those.
        let counts = try #require(model.sampler.releasedCounts)
        #expect(counts.map(\.count) == model.sampler.blocks.map(\.length))
        let decoded = try JSONDecoder().decode(ConditionalSampler.self, from: JSONEncoder().encode(model.sampler))
        #expect(decoded.releasedCounts == counts)
    }

    @Test func noiseIsSecureWhateverTheSeedAndReplayableOnlyByName() throws {
        var configuration = tinyConfiguration()
        configuration.epochs = 1
        configuration.seed = nil
        var privacy = PrivacyOptions(target: .noiseMultiplier(2))
        privacy.accountant = .rdp
        let unseeded = try Synthesizer.fit(try smallTable(), configuration: configuration, privacy: privacy, options: .charged())
        #expect(unseeded.privacy?.randomness == .secure)
        configuration.seed = 11
        let seeded = try Synthesizer.fit(try smallTable(), configuration: configuration, privacy: privacy, options: .charged())
        #expect(seeded.privacy?.randomness == .secure)
        #expect(seeded.privacy?.dp == true)
        privacy.insecureReplayableNoise = true
        let replayable = try #require(try Synthesizer.fit(try smallTable(), configuration: configuration, privacy: privacy, options: .charged()).privacy)
        #expect(replayable.randomness == .replayable)
        #expect(!replayable.dp && replayable.epsilon == nil && replayable.epsilonIfNoiseWereSecret != nil)
        #expect(replayable.auditText().hasPrefix("NOT differentially private: the noise can be replayed"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(replayable.auditJSON().utf8)) as? [String: Any])
        #expect(object["dp"] as? Bool == false && object["epsilon"] is NSNull)
    }

    @Test func stoppingEarlyRecordsOnlyTheStepsMade() throws {
        var configuration = tinyConfiguration()
        configuration.epochs = 4
        let control = TrainingControl()
        let options = Synthesizer.FitOptions(control: control) { report in if report.epoch == 1 { control.requestStop() } }
        let model = try Synthesizer.fit(try smallTable(), configuration: configuration, privacy: PrivacyOptions(target: .noiseMultiplier(1.5)), options: .charged(options))
        guard case .poissonGaussian(let dpsgd) = try #require(model.privacy?.mechanisms.last) else { Issue.record("no DP-SGD mechanism"); return }
        #expect(model.summary.epochsCompleted == 1)
        #expect(dpsgd.steps == model.summary.discriminatorSteps && dpsgd.steps == model.summary.rows / 100)
    }

    @Test func progressShowsAnUpperBoundThatEndsAtTheRecordedEpsilon() throws {
        var configuration = tinyConfiguration()
        configuration.epochs = 5
        let reports = Mutex<[Double]>([])
        let options = Synthesizer.FitOptions { report in reports.withLock { $0.append(report.epsilonSpent ?? .nan) } }
        let model = try Synthesizer.fit(try smallTable(), configuration: configuration,
                                        privacy: PrivacyOptions(target: .noiseMultiplier(1.0)), options: .charged(options))
        let recorded = try #require(model.privacy?.epsilon)
        let shown = reports.withLock { $0 }
        #expect(shown.count == 5)
        #expect(shown.allSatisfy { $0.isFinite })
        // Every epoch gets a value, non-decreasing, never above the final one, which is the record's.
        #expect(zip(shown, shown.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(shown[0] < recorded)
        #expect(abs(shown[4] - recorded) <= 1e-9 * recorded)
    }

    @Test func refusesWhatDPCannotCover() throws {
        let table = try smallTable()
        var configuration = tinyConfiguration()
        configuration.loss = .wganGP
        #expect(throws: SynthesizerError.self) { try Synthesizer.fit(table, configuration: configuration, privacy: PrivacyOptions(target: .epsilon(1)), options: .charged()) }
        configuration = tinyConfiguration()
        configuration.continuousEncoding = .vgm
        #expect(throws: SynthesizerError.self) { try Synthesizer.fit(table, configuration: configuration, privacy: PrivacyOptions(target: .epsilon(1)), options: .charged()) }
        var privacy = PrivacyOptions(target: .epsilon(1))
        privacy.delta = 1.0 / 300  // ≥ 1/n
        #expect(throws: (any Error).self) { try Synthesizer.fit(table, configuration: tinyConfiguration(), privacy: privacy, options: .charged()) }
        // Without a ledger a DP fit is refused: nothing is spent off the books.
        #expect(throws: SynthesizerError.self) { try Synthesizer.fit(table, configuration: tinyConfiguration(), privacy: PrivacyOptions(target: .epsilon(1))) }
    }

    @Test func refusesASchemaWithoutBounds() throws {
        let schema = try DatasetSchema(name: "t", columns: [
            ColumnSchema(name: "income", kind: .continuous(min: nil, max: nil, integer: false)),
            ColumnSchema(name: "city", kind: .categorical(categories: ["a", "b"])),
        ])
        let table = Table(schema: schema, columns: [.continuous((0..<50).map(Double.init)), .categorical(codes: [Int32](repeating: 0, count: 50), categories: ["a", "b"])])
        do {
            _ = try Synthesizer.fit(table, configuration: tinyConfiguration(), privacy: PrivacyOptions(target: .epsilon(1)), options: .charged())
            Issue.record("a DP fit without bounds was accepted")
        } catch {
            #expect("\(error)".contains("income"))
        }
    }
}
