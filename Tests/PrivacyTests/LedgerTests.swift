import Foundation
import Testing
@testable import ProfileGANPrivacy

/// The budget ledger: caps, refusals, crash-safety and races between connections.
@Suite struct LedgerTests {
    static func temporaryLedgerPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("profilegan-ledger-\(UUID().uuidString)/ledger.sqlite").path
    }

    static let fit = PrivacyMechanism.poissonGaussian(samplingRate: 0.01, noiseMultiplier: 1.0, steps: 1000)

    @Test func fitsComposeAndTheCapRefusesWithWhatRemains() throws {
        let ledger = try BudgetLedger(path: Self.temporaryLedgerPath())
        let single = try RDPAccountant().epsilon(composing: [Self.fit], delta: 1e-5)
        let double = try RDPAccountant().epsilon(composing: [Self.fit, Self.fit], delta: 1e-5)
        let triple = try RDPAccountant().epsilon(composing: [Self.fit, Self.fit, Self.fit], delta: 1e-5)
        try ledger.setBudget(datasetID: "people", budget: (double + triple) / 2, delta: 1e-5, accountant: .rdp)
        let first = try ledger.reserve(datasetID: "people", mechanisms: [Self.fit], delta: 1e-5)
        try ledger.complete(fitID: first.fitID, modelHash: "abc")
        let second = try ledger.reserve(datasetID: "people", mechanisms: [Self.fit], delta: 1e-5)
        #expect(abs(second.spentAfter - double) < 1e-9)
        // Two fits composed fit under the cap although their naive sum does not.
        #expect(second.spentAfter < 2 * single)
        do {
            _ = try ledger.reserve(datasetID: "people", mechanisms: [Self.fit], delta: 1e-5)
            Issue.record("third fit should have been refused")
        } catch let error as LedgerError {
            guard case let .budgetExceeded(_, budget, spent, wouldBe, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(wouldBe > budget)
            #expect(abs(spent - double) < 1e-9)
            #expect(error.description.contains("Remaining"))
        }
        let audit = try ledger.audit(datasetID: "people")
        #expect(audit.fits.count == 2)
        #expect(abs(audit.spent - double) < 1e-9)
        #expect(abs(audit.spentNaiveSum - 2 * single) < 1e-9)
        #expect(abs(audit.remaining! - (audit.budget! - double)) < 1e-12)
    }

    @Test func auditJSONHasTheDocumentedKeysAndTextShowsTheBalance() throws {
        let ledger = try BudgetLedger(path: Self.temporaryLedgerPath())
        let r = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, accountant: .rdp)
        try ledger.complete(fitID: r.fitID, modelHash: "f00d")
        let audit = try ledger.audit(datasetID: "d")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(audit.json().utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["dataset_id", "delta", "accountant", "spent", "spent_naive_sum", "budget", "remaining", "fits"])
        #expect(object["budget"] is NSNull && object["remaining"] is NSNull)
        let fit = try #require((object["fits"] as? [[String: Any]])?.first)
        #expect(fit["status"] as? String == "completed" && fit["model_hash"] as? String == "f00d")
        #expect((fit["created_at"] as? String)?.hasPrefix("20") == true)
        #expect(try JSONDecoder().decode(LedgerAudit.self, from: Data(audit.json().utf8)) == audit)
        #expect(audit.text().contains("no cap set"))
        try ledger.setBudget(datasetID: "d", budget: 5)
        #expect(try ledger.audit(datasetID: "d").text().contains("remaining ε"))
    }

    @Test func reservedFitOfACrashedProcessCountsAsSpent() throws {
        let path = Self.temporaryLedgerPath()
        do {
            let ledger = try BudgetLedger(path: path)
            _ = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, accountant: .rdp)
            // The "process" ends here without completing the fit.
        }
        let reopened = try BudgetLedger(path: path)
        let audit = try reopened.audit(datasetID: "d")
        #expect(audit.fits.map(\.status) == [.reserved])
        #expect(audit.spent > 0)
    }

    @Test func abortBeforeTouchingDataReleasesTheReservation() throws {
        let ledger = try BudgetLedger(path: Self.temporaryLedgerPath())
        let r = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, accountant: .rdp)
        try ledger.abort(fitID: r.fitID)
        #expect(try ledger.audit(datasetID: "d").spent == 0)
        #expect(throws: LedgerError.fitNotReserved(r.fitID, .aborted)) { try ledger.complete(fitID: r.fitID, modelHash: nil) }
    }

    @Test func completionCannotSpendMoreThanReserved() throws {
        let ledger = try BudgetLedger(path: Self.temporaryLedgerPath())
        let r = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, accountant: .rdp)
        let more = PrivacyMechanism.poissonGaussian(samplingRate: 0.01, noiseMultiplier: 1.0, steps: 2000)
        #expect(throws: LedgerError.self) { try ledger.complete(fitID: r.fitID, modelHash: nil, executedMechanisms: [more]) }
        let fewer = PrivacyMechanism.poissonGaussian(samplingRate: 0.01, noiseMultiplier: 1.0, steps: 500)
        try ledger.complete(fitID: r.fitID, modelHash: "h", executedMechanisms: [fewer])
        #expect(try ledger.audit(datasetID: "d").fits[0].mechanisms == [fewer])
    }

    @Test func newDatasetNeedsDeltaForABudget() throws {
        let ledger = try BudgetLedger(path: Self.temporaryLedgerPath())
        #expect(throws: LedgerError.missingDelta("x")) { try ledger.setBudget(datasetID: "x", budget: 1) }
        #expect(throws: LedgerError.unknownDataset("x")) { try ledger.audit(datasetID: "x") }
    }

    /// Two connections on separate threads race, many times, for a budget that fits one fit only.
    @Test func racingConnectionsNeverBothPass() throws {
        let path = Self.temporaryLedgerPath()
        let single = try RDPAccountant().epsilon(composing: [Self.fit], delta: 1e-5)
        let double = try RDPAccountant().epsilon(composing: [Self.fit, Self.fit], delta: 1e-5)
        let setup = try BudgetLedger(path: path)
        for round in 0..<10 {
            try setup.setBudget(datasetID: "race\(round)", budget: (single + double) / 2, delta: 1e-5, accountant: .rdp)
        }
        let a = try BudgetLedger(path: path), b = try BudgetLedger(path: path)
        for round in 0..<10 {
            let successes = LockedCounter()
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for ledger in [a, b] {
                group.enter()
                Thread.detachNewThread {
                    start.wait()
                    if (try? ledger.reserve(datasetID: "race\(round)", mechanisms: [Self.fit], delta: 1e-5)) != nil {
                        successes.increment()
                    }
                    group.leave()
                }
            }
            start.signal(); start.signal()
            group.wait()
            #expect(successes.value == 1)
            #expect(try setup.audit(datasetID: "race\(round)").fits.count == 1)
        }
    }
}

/// A thread-safe counter (NSLock: available on every platform the package supports).
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
