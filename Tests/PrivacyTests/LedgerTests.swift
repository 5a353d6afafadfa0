import Foundation
import Testing
import GRDB
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
        #expect(Set(object.keys) == ["dataset_id", "delta", "accountant", "spent", "spent_naive_sum", "budget", "remaining", "fits",
                                     "dp", "over_budget", "budget_events", "head_hash"])
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

    @Test func abortByTheFitsOwnProcessReleasesTheReservation() throws {
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

/// The attacks of issue 10 on the ledger: each is refused or detected.
@Suite struct LedgerAttackTests {
    static let fit = LedgerTests.fit

    @Test func capIsRaisedOnlyWithConfirmationAndEveryChangeIsRecorded() throws {
        let ledger = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        try ledger.setBudget(datasetID: "d", budget: 1, delta: 1e-5)
        #expect(throws: LedgerError.raiseNeedsConfirmation(datasetID: "d", old: 1, new: 2)) {
            try ledger.setBudget(datasetID: "d", budget: 2)
        }
        #expect(throws: LedgerError.raiseNeedsConfirmation(datasetID: "d", old: 1, new: nil)) {
            try ledger.setBudget(datasetID: "d", budget: nil)
        }
        try ledger.setBudget(datasetID: "d", budget: 0.5)          // lowering needs no confirmation
        try ledger.setBudget(datasetID: "d", budget: 3, confirmRaise: true)
        let audit = try ledger.audit(datasetID: "d")
        #expect(audit.budgetEvents.map(\.new) == [1, 0.5, 3])
        #expect(audit.budgetEvents.map(\.old) == [nil, 1, 0.5])
        #expect(audit.text().contains("Cap changed"))
    }

    @Test func deltaAndAccountantAreFixedOnceAFitExists() throws {
        let ledger = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        try ledger.setBudget(datasetID: "d", budget: 5, delta: 1e-5, accountant: .rdp)
        try ledger.setBudget(datasetID: "d", budget: 5, delta: 1e-6)  // no fit yet: allowed
        _ = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-6)
        #expect(throws: LedgerError.termsFixed(datasetID: "d", delta: 1e-6, accountant: .rdp, fits: 1)) {
            try ledger.setBudget(datasetID: "d", budget: 5, delta: 1e-2)
        }
        #expect(throws: LedgerError.deltaMismatch(datasetID: "d", ledger: 1e-6, fit: 1e-2)) {
            _ = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-2)
        }
    }

    @Test func overSpentBudgetSaysSoInWords() throws {
        let ledger = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        let r = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5)
        try ledger.complete(fitID: r.fitID, modelHash: nil)
        try ledger.setBudget(datasetID: "d", budget: 0.1)
        let audit = try ledger.audit(datasetID: "d")
        #expect(audit.overBudget)
        #expect(audit.text().contains("OVER BUDGET"))
        #expect(!audit.text().contains("remaining ε = -"))
    }

    /// Runs `sql` on the ledger file behind the ledger's back.
    static func edit(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
    }

    static func expectTampered(_ path: String, at entry: Int64?) {
        do {
            _ = try BudgetLedger(path: path).audit(datasetID: "d")
            Issue.record("the edit was not detected")
        } catch let error as LedgerError {
            guard case .tampered(_, let at, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(at == entry)
            #expect(error.description.hasPrefix("ledger tampered at"))
        } catch { Issue.record("unexpected \(error)"); return }
    }

    static func ledgerWithTwoFits() throws -> String {
        let path = LedgerTests.temporaryLedgerPath()
        let ledger = try BudgetLedger(path: path)
        for _ in 0..<2 {
            let r = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5)
            try ledger.complete(fitID: r.fitID, modelHash: nil)
        }
        return path  // entries: 1 dataset, 2 reserve, 3 complete, 4 reserve, 5 complete
    }

    @Test func editingOneByteOfAMechanismIsDetected() throws {
        let path = try Self.ledgerWithTwoFits()
        try Self.edit(path, "UPDATE entries SET body = replace(body, '\"steps\":1000', '\"steps\":1') WHERE seq = 3")
        Self.expectTampered(path, at: 3)
    }

    @Test func deletingAnEntryIsDetected() throws {
        let path = try Self.ledgerWithTwoFits()
        try Self.edit(path, "DELETE FROM entries WHERE seq = 2")
        Self.expectTampered(path, at: 2)
        let tail = try Self.ledgerWithTwoFits()
        try Self.edit(tail, "DELETE FROM entries WHERE seq >= 4")
        Self.expectTampered(tail, at: 4)
    }

    @Test func aReservationOfALiveProcessOrOfAStartedFitIsNotReleased() throws {
        let ledger = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        let live = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5)  // this process
        #expect(throws: LedgerError.self) { try ledger.release(fitID: live.fitID) }
        let gone = ProcessIdentity(pid: Int32.max - 1, bootID: ProcessIdentity.current!.bootID, startTicks: 1)
        let started = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, process: gone)
        try ledger.markTrainingStarted(fitID: started.fitID)
        #expect(throws: LedgerError.self) { try ledger.release(fitID: started.fitID) }
        let neverRan = try ledger.reserve(datasetID: "d", mechanisms: [Self.fit], delta: 1e-5, process: gone)
        try ledger.release(fitID: neverRan.fitID)
        let fits = try ledger.audit(datasetID: "d").fits
        #expect(fits.map(\.status) == [.reserved, .reserved, .aborted])
    }

    @Test func whatAFitReleasedBeforeTrainingStaysCharged() throws {
        let ledger = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        let count = PrivacyMechanism.gaussian(noiseMultiplier: 20, purpose: "row count")
        let r = try ledger.reserve(datasetID: "d", mechanisms: [count, Self.fit], delta: 1e-5, releasedBeforeTraining: [count])
        try ledger.abort(fitID: r.fitID)
        #expect(try ledger.audit(datasetID: "d").fits[0].mechanisms == [count])
        try ledger.setBudget(datasetID: "d", budget: 0.01)
        #expect(throws: LedgerError.self) {
            _ = try ledger.reserve(datasetID: "d", mechanisms: [count, Self.fit], delta: 1e-5, releasedBeforeTraining: [count])
        }
        // Refused, but its count release is on the record.
        #expect(try ledger.audit(datasetID: "d").fits.map(\.mechanisms) == [[count], [count]])
    }

    @Test func auditNeverCreatesALedger() throws {
        let path = LedgerTests.temporaryLedgerPath()
        #expect(throws: LedgerError.noLedger(path: path)) { try BudgetLedger(path: path, mode: .existing) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func datasetIDIsKeyedByTheLedgersSecret() throws {
        let a = try BudgetLedger(path: LedgerTests.temporaryLedgerPath()), b = try BudgetLedger(path: LedgerTests.temporaryLedgerPath())
        let digest = [UInt8](repeating: 7, count: 32)
        #expect(try a.datasetID(canonicalDigest: digest) == a.datasetID(canonicalDigest: digest))
        #expect(try a.datasetID(canonicalDigest: digest) != b.datasetID(canonicalDigest: digest))
        #expect(try a.datasetID(canonicalDigest: digest) != a.datasetID(canonicalDigest: [UInt8](repeating: 8, count: 32)))
    }
}

/// A thread-safe counter (NSLock: available on every platform the package supports).
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
