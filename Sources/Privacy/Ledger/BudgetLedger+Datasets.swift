import Foundation
import GRDB

/// A dataset's terms as the ledger holds them (what a fit must use).
public struct DatasetTerms: Hashable, Sendable {
    public var delta: Double
    public var accountant: AccountantKind
    public var budget: Double?
    /// Composed ε of every fit so far.
    public var spent: Double
}

extension BudgetLedger {
    /// Sets, lowers, raises or removes (nil) the ε cap of a dataset, creating the dataset if it is
    /// new — then `delta` is required. Every change is recorded (old, new, when) and shown by the
    /// audit. Raising a cap (or removing it) needs `confirmRaise`; lowering it below what is spent is
    /// allowed (every further fit is then refused). δ and the accountant are fixed once a fit exists:
    /// changing them would re-base the ε of the fits already made.
    public func setBudget(datasetID: String, budget: Double?, delta: Double? = nil, accountant: AccountantKind? = nil,
                          confirmRaise: Bool = false) throws {
        if let budget, !(budget >= 0 && budget.isFinite) {
            throw PrivacyParameterError.invalid("budget must be a non-negative ε, got \(budget)")
        }
        if let delta { try validateDelta(delta) }
        try immediateTransaction { db in
            let state = try state(in: db)
            let now = Self.timestamp(Date())
            guard let dataset = state.datasets[datasetID] else {
                guard let delta else { throw LedgerError.missingDelta(datasetID) }
                try LedgerChain.append(.dataset(id: datasetID, delta: delta, accountant: accountant ?? .default, at: now), in: db)
                if budget != nil { try LedgerChain.append(.budget(dataset: datasetID, old: nil, new: budget, at: now), in: db) }
                return
            }
            let newDelta = delta ?? dataset.delta, newAccountant = accountant ?? dataset.accountant
            if newDelta != dataset.delta || newAccountant != dataset.accountant {
                let fits = state.fits(of: datasetID)
                guard fits.isEmpty else {
                    throw LedgerError.termsFixed(datasetID: datasetID, delta: dataset.delta, accountant: dataset.accountant, fits: fits.count)
                }
                try LedgerChain.append(.terms(dataset: datasetID, delta: newDelta, accountant: newAccountant, at: now), in: db)
            }
            if budget != dataset.budget {
                let raises = switch (dataset.budget, budget) {
                case (nil, _): false
                case (_, nil): true
                case let (old?, new?): new > old
                }
                if raises && !confirmRaise { throw LedgerError.raiseNeedsConfirmation(datasetID: datasetID, old: dataset.budget, new: budget) }
                try LedgerChain.append(.budget(dataset: datasetID, old: dataset.budget, new: budget, at: now), in: db)
            }
        }
    }

    /// The terms of a dataset (nil if it is new to the ledger), with what it has spent.
    public func terms(of datasetID: String) throws -> DatasetTerms? {
        try read { db in
            let state = try state(in: db)
            guard let dataset = state.datasets[datasetID] else { return nil }
            let spent = try dataset.accountant.makeAccountant()
                .epsilon(composing: state.fits(of: datasetID).flatMap(\.mechanisms), delta: dataset.delta)
            return DatasetTerms(delta: dataset.delta, accountant: dataset.accountant, budget: dataset.budget, spent: spent)
        }
    }

    /// The ids of all datasets in the ledger, sorted.
    public func datasetIDs() throws -> [String] {
        try read { db in try state(in: db).datasets.keys.sorted() }
    }

    /// Checks the whole journal; throws ``LedgerError/tampered(path:entry:reason:)`` if any entry
    /// was edited, deleted or inserted. Returns the head hash (worth noting outside the ledger).
    public func verify() throws -> String {
        try read { db in try LedgerChain.verifiedEntries(in: db, path: path).headHash }
    }
}
