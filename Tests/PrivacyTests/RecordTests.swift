import Foundation
import Testing
@testable import ProfileGANPrivacy

/// Mechanism and privacy-record JSON (the model-audit format) and ε recomputation.
@Suite struct RecordTests {
    static let mechanisms: [PrivacyMechanism] = [
        .poissonGaussian(samplingRate: 0.01, noiseMultiplier: 1.1, steps: 3000, maxGradNorm: 1),
        .gaussian(noiseMultiplier: 12, sensitivity: 1, count: 2, purpose: "category frequencies"),
    ]

    @Test func mechanismJSONHasTheDocumentedKeys() throws {
        let data = try JSONEncoder().encode(Self.mechanisms)
        let objects = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        #expect(Set(objects[0].keys) == ["kind", "sampling_rate", "noise_multiplier", "steps", "max_grad_norm"])
        #expect(objects[0]["kind"] as? String == "poisson_gaussian")
        #expect(Set(objects[1].keys) == ["kind", "noise_multiplier", "sensitivity", "count", "purpose"])
        #expect(try JSONDecoder().decode([PrivacyMechanism].self, from: data) == Self.mechanisms)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PrivacyMechanism.self, from: Data(#"{"kind": "laplace"}"#.utf8))
        }
    }

    @Test func recordRoundTripsAndRecomputesItsEpsilon() throws {
        let record = try PrivacyRecord(
            mechanisms: Self.mechanisms, delta: 1e-5, accountant: .rdp, randomness: .secure,
            publicInformation: "schema: column names, types, bounds, categories", libraryVersion: "0.1.0")
        let json = try record.auditJSON()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        for key in ["dp", "epsilon", "delta", "accountant", "mechanisms", "randomness"] { #expect(object[key] != nil) }
        #expect(object["accountant"] as? String == "rdp")
        #expect(object["randomness"] as? String == "secure")
        let decoded = try JSONDecoder().decode(PrivacyRecord.self, from: Data(json.utf8))
        #expect(decoded == record)
        #expect(try decoded.recomputedEpsilon() == record.epsilon)
        #expect(record.charged.count == 2)
        #expect(record.charged.allSatisfy { $0.epsilonAlone < record.epsilon! })
        let text = record.auditText()
        #expect(text.contains("Differential privacy: yes"))
        #expect(text.contains("category frequencies"))
    }

    @Test func nonPrivateRecordSaysSo() throws {
        let record = PrivacyRecord.nonPrivate(libraryVersion: "0.1.0")
        let object = try JSONSerialization.jsonObject(with: Data(try record.auditJSON().utf8)) as! [String: Any]
        #expect(object["dp"] as? Bool == false)
        #expect(object["epsilon"] is NSNull)
        #expect(try record.recomputedEpsilon() == nil)
        #expect(record.auditText().contains("NO"))
    }
}
