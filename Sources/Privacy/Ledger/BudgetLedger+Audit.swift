import GRDB

extension BudgetLedger {
    /// What a dataset has spent: every fit, the composed ε (the dataset's accountant over all
    /// recorded mechanisms, reserved fits included), the naive sum, the cap, its changes and what
    /// remains. Throws ``LedgerError/tampered(path:entry:reason:)`` if the journal was altered.
    public func audit(datasetID: String) throws -> LedgerAudit {
        try read { db in
            let state = try state(in: db)
            guard let dataset = state.datasets[datasetID] else { throw LedgerError.unknownDataset(datasetID) }
            let fits = state.fits(of: datasetID)
            let spent = try dataset.accountant.makeAccountant()
                .epsilon(composing: fits.flatMap(\.mechanisms), delta: dataset.delta)
            return LedgerAudit(
                datasetID: datasetID, delta: dataset.delta, accountant: dataset.accountant, spent: spent,
                spentNaiveSum: fits.reduce(0) { $0 + $1.epsilon }, budget: dataset.budget,
                remaining: dataset.budget.map { $0 - spent }, fits: fits,
                budgetEvents: state.budgetEvents[datasetID] ?? [], headHash: state.headHash)
        }
    }
}
