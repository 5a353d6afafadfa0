import Testing
import ProfileGANPrivacy
@testable import ProfileGANSynthesizer

/// A DP fit that runs as planned records the ε its plan computed (the total, and DP-SGD alone)
/// instead of composing the same PLD again; these must be exactly what composing afresh gives.
@Suite struct PlanEpsilonReuseTests {
    @Test(arguments: [AccountantKind.pld, .rdp])
    func aFitRunAsPlannedRecordsWhatComposingAfreshGives(accountant: AccountantKind) throws {
        var configuration = tinyConfiguration()
        configuration.epochs = 2
        var privacy = PrivacyOptions(target: .noiseMultiplier(1.3))
        privacy.accountant = accountant
        let model = try Synthesizer.fit(try smallTable(), configuration: configuration, privacy: privacy, options: .charged())
        let record = try #require(model.privacy)
        let delta = try #require(record.delta)
        let afresh = try PrivacyRecord(mechanisms: record.mechanisms, delta: delta, accountant: accountant, randomness: .secure,
                                       publicInformation: record.publicInformation, libraryVersion: record.libraryVersion)
        #expect(record.epsilon != nil && record.epsilon == afresh.epsilon)
        #expect(record.charged == afresh.charged)
        #expect(record.mechanisms.contains { if case .poissonGaussian = $0 { true } else { false } })
    }

    @Test func knownValuesAnswerOnlyForTheirExactComposition() throws {
        let training = PrivacyMechanism.poissonGaussian(samplingRate: 0.1, noiseMultiplier: 1.5, steps: 40)
        let count = PrivacyMechanism.discreteGaussian(noiseMultiplier: 25, count: 1, purpose: "row count")
        // A deliberately wrong "known" total: used for [count, training] only, never for another list.
        let record = try PrivacyRecord(mechanisms: [count, training], delta: 1e-5, accountant: .rdp, randomness: .secure,
                                       publicInformation: "", libraryVersion: "test", known: [[count, training]: 123])
        let fresh = try RDPAccountant().epsilon(composing: [training], delta: 1e-5)
        #expect(record.epsilon == 123)
        #expect(record.charged.last?.epsilonAlone == fresh)
    }
}
