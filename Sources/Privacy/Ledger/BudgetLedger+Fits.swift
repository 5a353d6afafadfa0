import Foundation
import GRDB

extension BudgetLedger {
    /// Records a planned fit, refusing it if the dataset's composed ε would exceed its cap.
    ///
    /// - Parameters:
    ///   - delta: δ for a dataset new to the ledger (an existing dataset keeps its own δ, at
    ///     which all of its fits are composed).
    ///   - accountant: accountant for a new dataset (an existing one keeps its own).
    /// - Returns: the fit id and the balance before/after.
    public func reserve(
        datasetID: String, mechanisms: [PrivacyMechanism], delta: Double,
        accountant: AccountantKind = .default
    ) throws -> FitReservation {
        try validateDelta(delta)
        for m in mechanisms { try m.validate() }
        let planned = try Self.encodeMechanisms(mechanisms)
        return try immediateTransaction { db in
            let dataset: LedgerDataset
            if let existing = try Self.dataset(datasetID, in: db) {
                dataset = existing
            } else {
                dataset = LedgerDataset(id: datasetID, budget: nil, delta: delta, accountant: accountant)
                try Self.insertDataset(dataset, in: db)
            }
            let engine = dataset.accountant.makeAccountant()
            let earlier = try Self.fits(of: datasetID, in: db).flatMap(\.mechanisms)
            let spentBefore = try engine.epsilon(composing: earlier, delta: dataset.delta)
            let spentAfter = try engine.epsilon(composing: earlier + mechanisms, delta: dataset.delta)
            let alone = try engine.epsilon(composing: mechanisms, delta: dataset.delta)
            if let budget = dataset.budget, spentAfter > budget {
                throw LedgerError.budgetExceeded(
                    datasetID: datasetID, budget: budget, spent: spentBefore, wouldBe: spentAfter, fitEpsilon: alone)
            }
            try db.execute(
                sql: "INSERT INTO fits (dataset_id, created_at, mechanisms, epsilon, status) VALUES (?, ?, ?, ?, 'reserved')",
                arguments: [datasetID, Self.timestamp(Date()), planned, alone])
            return FitReservation(
                fitID: db.lastInsertedRowID, epsilon: alone, spentBefore: spentBefore, spentAfter: spentAfter,
                budget: dataset.budget)
        }
    }

    /// Marks a reserved fit completed. `executedMechanisms` (default: as reserved) replaces the
    /// plan if training stopped early; it may not spend more than the reservation.
    public func complete(fitID: Int64, modelHash: String?, executedMechanisms: [PrivacyMechanism]? = nil) throws {
        try finalize(fitID: fitID, status: .completed, modelHash: modelHash, executed: executedMechanisms)
    }

    /// Marks a reserved fit aborted, counting only `executedMechanisms` — empty (the default)
    /// when it stopped before reading any private row. A fit that released noisy steps must
    /// list them.
    public func abort(fitID: Int64, executedMechanisms: [PrivacyMechanism] = []) throws {
        try finalize(fitID: fitID, status: .aborted, modelHash: nil, executed: executedMechanisms)
    }

    private func finalize(fitID: Int64, status: FitStatus, modelHash: String?, executed: [PrivacyMechanism]?) throws {
        try immediateTransaction { db in
            guard let fit = try Self.fit(fitID, in: db) else { throw LedgerError.unknownFit(fitID) }
            guard fit.status == .reserved else { throw LedgerError.fitNotReserved(fitID, fit.status) }
            guard let dataset = try Self.dataset(fit.datasetID, in: db) else {
                throw LedgerError.unknownDataset(fit.datasetID)
            }
            let mechanisms = executed ?? fit.mechanisms
            let epsilon = try dataset.accountant.makeAccountant().epsilon(composing: mechanisms, delta: dataset.delta)
            // Tolerance for the accountant's own rounding when the same plan is recomputed.
            guard epsilon <= fit.epsilon * (1 + 1e-9) + 1e-12 else {
                throw LedgerError.exceedsReservation(fitID, reserved: fit.epsilon, executed: epsilon)
            }
            try db.execute(
                sql: "UPDATE fits SET status = ?, finished_at = ?, model_hash = ?, mechanisms = ?, epsilon = ? WHERE id = ?",
                arguments: [status.rawValue, Self.timestamp(Date()), modelHash, try Self.encodeMechanisms(mechanisms), epsilon, fitID])
        }
    }

    /// Every fit recorded on a dataset, oldest first.
    static func fits(of datasetID: String, in db: Database) throws -> [LedgerFit] {
        try Row.fetchAll(db, sql: "SELECT * FROM fits WHERE dataset_id = ? ORDER BY id", arguments: [datasetID])
            .map(ledgerFit)
    }

    static func fit(_ id: Int64, in db: Database) throws -> LedgerFit? {
        try Row.fetchOne(db, sql: "SELECT * FROM fits WHERE id = ?", arguments: [id]).map(ledgerFit)
    }

    private static func ledgerFit(_ row: Row) throws -> LedgerFit {
        LedgerFit(
            id: row["id"], datasetID: row["dataset_id"], createdAt: date(row["created_at"]) ?? .distantPast,
            finishedAt: date(row["finished_at"]), modelHash: row["model_hash"],
            mechanisms: try decodeMechanisms(row["mechanisms"]), epsilon: row["epsilon"],
            status: FitStatus(rawValue: row["status"]) ?? .reserved)
    }
}
