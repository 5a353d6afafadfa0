import GRDB

extension BudgetLedger {
    /// What a dataset has spent: every fit, the composed ε (the dataset's accountant over all
    /// recorded mechanisms, reserved fits included), the naive sum, the cap and what remains.
    public func audit(datasetID: String) throws -> LedgerAudit {
        try read { db in
            guard let dataset = try Self.dataset(datasetID, in: db) else { throw LedgerError.unknownDataset(datasetID) }
            let fits = try Self.fits(of: datasetID, in: db)
            let spent = try dataset.accountant.makeAccountant()
                .epsilon(composing: fits.flatMap(\.mechanisms), delta: dataset.delta)
            return LedgerAudit(
                datasetID: datasetID, delta: dataset.delta, accountant: dataset.accountant, spent: spent,
                spentNaiveSum: fits.reduce(0) { $0 + $1.epsilon }, budget: dataset.budget,
                remaining: dataset.budget.map { $0 - spent }, fits: fits)
        }
    }
}
