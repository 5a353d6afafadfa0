import Foundation
import Testing
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANSchema
@testable import ProfileGANSynthesizer

/// The compute pool cuts products and element-wise layers into one slice per thread, and the
/// training noise and DP noise come in fixed blocks with their own streams, so a seed fits the same
/// model whatever the thread count. Other tests may change the process-wide count meanwhile; the
/// property holds whatever the count at any moment, so that cannot make this test fail.
@Suite struct ThreadCountTests {
    /// Large enough that the step's products, layers and noise are split (batch 500, CTGAN's 256-wide networks).
    static func configuration() -> SynthesizerConfiguration {
        var configuration = SynthesizerConfiguration()
        configuration.epochs = 1
        configuration.batchSize = 500
        configuration.seed = 21
        return configuration
    }

    static func rows(_ model: SynthesizerModel) throws -> [[ColumnValues]] {
        var options = SynthesizerModel.GenerationOptions(seed: 3)
        options.workers = 1
        return try generateAll(model, rows: 600, options: options).map(\.columns)
    }

    @Test func aSeedFitsTheSameModelOnOneAndTwoThreads() throws {
        let original = BLASThreads.count
        defer { BLASThreads.count = original }
        let table = try smallTable(rows: 1500)
        BLASThreads.count = 1
        let one = try Synthesizer.fit(table, configuration: Self.configuration())
        BLASThreads.count = 2
        let two = try Synthesizer.fit(table, configuration: Self.configuration())
        BLASThreads.count = 1
        #expect(try Self.rows(one) == Self.rows(two))
    }

    @Test func replayedDPNoiseIsTheSameOnOneAndTwoThreads() throws {
        let original = BLASThreads.count
        defer { BLASThreads.count = original }
        let table = try smallTable(rows: 1500)
        var privacy = PrivacyOptions(target: .noiseMultiplier(1))
        privacy.accountant = .rdp
        privacy.insecureReplayableNoise = true
        BLASThreads.count = 1
        let one = try Synthesizer.fit(table, configuration: Self.configuration(), privacy: privacy, options: .charged())
        BLASThreads.count = 2
        let two = try Synthesizer.fit(table, configuration: Self.configuration(), privacy: privacy, options: .charged())
        BLASThreads.count = 1
        #expect(try Self.rows(one) == Self.rows(two))
    }
}
