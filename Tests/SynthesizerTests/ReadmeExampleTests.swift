import Foundation
import ProfileGAN
import Testing
import TestSupport

/// The "From Swift" example of README.md, kept compiling and working (fewer epochs).
@Suite struct ReadmeExampleTests {
    @Test func fitGenerateAndPrivateFitAsTheReadmeShows() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = TemporaryFolder()
        let modelPath = folder.url.appendingPathComponent("profiles.pgan").path
        let csvPath = folder.url.appendingPathComponent("synthetic.csv").path

        let schema = try DatasetSchema.load(from: root.appendingPathComponent("schemas/profiles.json"))
        let table = try Table.load(csvAt: root.appendingPathComponent("samples/profiles.csv").path, schema: schema)

        var configuration = SynthesizerConfiguration()
        configuration.epochs = 1
        configuration.seed = 1
        let model = try Synthesizer.fit(table, configuration: configuration)
        try model.save(to: modelPath)

        let writer = try TableCSVWriter(path: csvPath, schema: model.schema)
        try model.generate(rows: 1_000, options: .init(seed: 7)) { batch in try writer.append(batch) }
        try writer.commit()

        let ledger = try BudgetLedger(path: folder.url.appendingPathComponent("ledger.sqlite").path)
        let privateFit = try PrivateFit(table: table, configuration: configuration,
                                        privacy: PrivacyOptions(target: .epsilon(1)), ledger: ledger)
        let privateModel = try privateFit.train()
        try privateFit.complete(model: privateModel, modelHash: nil)
        #expect(try #require(privateModel.privacy?.epsilon) <= 1)
        #expect(try Table.load(csvAt: csvPath, schema: schema).rowCount == 1_000)
        #expect(FileManager.default.fileExists(atPath: modelPath))
    }
}
