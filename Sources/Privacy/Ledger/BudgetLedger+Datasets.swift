import Foundation
import GRDB

/// A dataset's row in the ledger.
struct LedgerDataset {
    var id: String
    var budget: Double?
    var delta: Double
    var accountant: AccountantKind
}

extension BudgetLedger {
    /// Sets (or clears, with nil) the ε cap of a dataset, creating the dataset if it is new —
    /// then `delta` is required. An existing dataset keeps its δ and accountant unless given.
    /// A cap below what is already spent is allowed: every further fit is then refused.
    public func setBudget(datasetID: String, budget: Double?, delta: Double? = nil, accountant: AccountantKind? = nil) throws {
        if let budget, !(budget >= 0 && budget.isFinite) {
            throw PrivacyParameterError.invalid("budget must be a non-negative ε, got \(budget)")
        }
        if let delta { try validateDelta(delta) }
        try immediateTransaction { db in
            if var dataset = try Self.dataset(datasetID, in: db) {
                dataset.budget = budget
                if let delta { dataset.delta = delta }
                if let accountant { dataset.accountant = accountant }
                try db.execute(
                    sql: "UPDATE datasets SET budget = ?, delta = ?, accountant = ? WHERE id = ?",
                    arguments: [dataset.budget, dataset.delta, dataset.accountant.rawValue, datasetID])
            } else {
                guard let delta else { throw LedgerError.missingDelta(datasetID) }
                try Self.insertDataset(
                    LedgerDataset(id: datasetID, budget: budget, delta: delta, accountant: accountant ?? .default), in: db)
            }
        }
    }

    /// The ids of all datasets in the ledger, sorted.
    public func datasetIDs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM datasets ORDER BY id") }
    }

    static func dataset(_ id: String, in db: Database) throws -> LedgerDataset? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM datasets WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return LedgerDataset(
            id: row["id"], budget: row["budget"], delta: row["delta"],
            accountant: AccountantKind(rawValue: row["accountant"]) ?? .default)
    }

    static func insertDataset(_ dataset: LedgerDataset, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO datasets (id, budget, delta, accountant, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [dataset.id, dataset.budget, dataset.delta, dataset.accountant.rawValue, timestamp(Date())])
    }
}
