import Foundation
import GRDB

extension BudgetLedger {
    /// Records a planned fit, refusing it if the dataset's composed ε would exceed its cap.
    ///
    /// - Parameters:
    ///   - delta: δ of the fit. A new dataset takes it (it is then fixed); an existing dataset
    ///     refuses a different one (``LedgerError/deltaMismatch(datasetID:ledger:fit:)``). nil: the
    ///     dataset's own.
    ///   - accountant: accountant for a new dataset (an existing one keeps its own).
    ///   - releasedBeforeTraining: what the fit already released to make its plan (its noisy row
    ///     count), part of `mechanisms`. Charged even if the fit is refused or released.
    ///   - process: the process that will run the fit (``release(fitID:)`` frees the reservation only
    ///     once it is gone). Default: this process.
    ///   - replayableNoise: the fit's noise can be replayed (not DP); the audit says so.
    /// - Returns: the fit id and the balance before/after.
    public func reserve(
        datasetID: String, mechanisms: [PrivacyMechanism], delta: Double?,
        accountant: AccountantKind = .default, releasedBeforeTraining: [PrivacyMechanism] = [],
        process: ProcessIdentity? = .current, replayableNoise: Bool = false
    ) throws -> FitReservation {
        if let delta { try validateDelta(delta) }
        for m in mechanisms { try m.validate() }
        let outcome: Result<FitReservation, LedgerError> = try immediateTransaction { db in
            let state = try state(in: db)
            let now = Self.timestamp(Date())
            let dataset: LedgerDataset
            if let existing = state.datasets[datasetID] {
                if let delta, delta != existing.delta {
                    return .failure(.deltaMismatch(datasetID: datasetID, ledger: existing.delta, fit: delta))
                }
                dataset = existing
            } else {
                guard let delta else { throw LedgerError.missingDelta(datasetID) }
                dataset = LedgerDataset(id: datasetID, budget: nil, delta: delta, accountant: accountant, createdAt: Date())
                try LedgerChain.append(.dataset(id: datasetID, delta: delta, accountant: accountant, at: now), in: db)
            }
            let engine = dataset.accountant.makeAccountant()
            let earlier = state.fits(of: datasetID).flatMap(\.mechanisms)
            let spentBefore = try engine.epsilon(composing: earlier, delta: dataset.delta)
            let spentAfter = try engine.epsilon(composing: earlier + mechanisms, delta: dataset.delta)
            let alone = try engine.epsilon(composing: mechanisms, delta: dataset.delta)
            guard !spentAfter.isNaN, !alone.isNaN else { throw PrivacyParameterError.invalid("the accountant returned ε = NaN") }
            let fitID = state.nextFitID
            if let budget = dataset.budget, spentAfter > budget {
                if !releasedBeforeTraining.isEmpty {
                    // Already released (the plan needed it): charged, although the fit is refused.
                    let released = try engine.epsilon(composing: releasedBeforeTraining, delta: dataset.delta)
                    try LedgerChain.append(.reserve(fit: fitID, dataset: datasetID, mechanisms: releasedBeforeTraining, epsilon: released,
                                                    releasedBeforeTraining: releasedBeforeTraining, process: process,
                                                    replayableNoise: replayableNoise, at: now), in: db)
                    try LedgerChain.append(.abort(fit: fitID, mechanisms: releasedBeforeTraining, epsilon: released, at: now), in: db)
                }
                return .failure(.budgetExceeded(datasetID: datasetID, budget: budget, spent: spentBefore, wouldBe: spentAfter, fitEpsilon: alone))
            }
            try LedgerChain.append(.reserve(fit: fitID, dataset: datasetID, mechanisms: mechanisms, epsilon: alone,
                                            releasedBeforeTraining: releasedBeforeTraining, process: process,
                                            replayableNoise: replayableNoise, at: now), in: db)
            return .success(FitReservation(fitID: fitID, epsilon: alone, spentBefore: spentBefore, spentAfter: spentAfter,
                                           budget: dataset.budget, delta: dataset.delta, accountant: dataset.accountant))
        }
        return try outcome.get()
    }

    /// Records that the fit is about to read private rows for training. From then on its
    /// reservation can never be released (``release(fitID:)``): noise may have been published.
    public func markTrainingStarted(fitID: Int64) throws {
        try immediateTransaction { db in
            let fit = try reservedFit(fitID, in: try state(in: db))
            guard !fit.trainingStarted else { return }
            try LedgerChain.append(.trainingStarted(fit: fitID, at: Self.timestamp(Date())), in: db)
        }
    }

    /// Marks a reserved fit completed. `executedMechanisms` (default: as reserved) replaces the
    /// plan if training stopped early; it may not spend more than the reservation.
    public func complete(fitID: Int64, modelHash: String?, executedMechanisms: [PrivacyMechanism]? = nil) throws {
        try immediateTransaction { db in
            let state = try state(in: db)
            let fit = try reservedFit(fitID, in: state)
            let (mechanisms, epsilon) = try checkedExecution(executedMechanisms ?? fit.mechanisms, of: fit, in: state)
            try LedgerChain.append(.complete(fit: fitID, modelHash: modelHash, mechanisms: mechanisms, epsilon: epsilon,
                                             at: Self.timestamp(Date())), in: db)
        }
    }

    /// The fit's own process reports that it stopped, having executed `executedMechanisms`
    /// (empty when it stopped before training). What it released before training is charged
    /// whatever it reports.
    public func abort(fitID: Int64, executedMechanisms: [PrivacyMechanism] = []) throws {
        try immediateTransaction { db in
            let state = try state(in: db)
            let fit = try reservedFit(fitID, in: state)
            let executed = fit.releasedBeforeTraining + executedMechanisms.filter { !fit.releasedBeforeTraining.contains($0) }
            let (mechanisms, epsilon) = try checkedExecution(executed, of: fit, in: state)
            try LedgerChain.append(.abort(fit: fitID, mechanisms: mechanisms, epsilon: epsilon, at: Self.timestamp(Date())), in: db)
        }
    }

    /// Frees a reservation from outside its process (`profilegan ledger abort`), only if the fit
    /// provably never ran: it never started training, and its process is gone (or its identity was
    /// recorded and is now another process's). What it released before training stays charged.
    public func release(fitID: Int64) throws {
        try immediateTransaction { db in
            let state = try state(in: db)
            let fit = try reservedFit(fitID, in: state)
            if fit.trainingStarted { throw LedgerError.cannotRelease(fitID, reason: "it started training, so noisy results may have been published; it stays charged") }
            guard let process = fit.process else {
                throw LedgerError.cannotRelease(fitID, reason: "the ledger does not know which process reserved it, so it cannot show the fit never ran")
            }
            if process.mayBeRunning {
                throw LedgerError.cannotRelease(fitID, reason: "the process that reserved it (pid \(process.pid)) is still running; stop it first (a fit that never started training is then released)")
            }
            let (mechanisms, epsilon) = try checkedExecution(fit.releasedBeforeTraining, of: fit, in: state)
            try LedgerChain.append(.abort(fit: fitID, mechanisms: mechanisms, epsilon: epsilon, at: Self.timestamp(Date())), in: db)
        }
    }

    private func reservedFit(_ fitID: Int64, in state: LedgerState) throws -> LedgerFit {
        guard let fit = state.fits[fitID] else { throw LedgerError.unknownFit(fitID) }
        guard fit.status == .reserved else { throw LedgerError.fitNotReserved(fitID, fit.status) }
        return fit
    }

    private func checkedExecution(_ mechanisms: [PrivacyMechanism], of fit: LedgerFit, in state: LedgerState) throws -> ([PrivacyMechanism], Double) {
        for m in mechanisms { try m.validate() }
        guard let dataset = state.datasets[fit.datasetID] else { throw LedgerError.unknownDataset(fit.datasetID) }
        let epsilon = try dataset.accountant.makeAccountant().epsilon(composing: mechanisms, delta: dataset.delta)
        // Tolerance for the accountant's own rounding when the same plan is recomputed.
        guard epsilon <= fit.epsilon * (1 + 1e-9) + 1e-12 else {
            throw LedgerError.exceedsReservation(fit.id, reserved: fit.epsilon, executed: epsilon)
        }
        return (mechanisms, epsilon)
    }
}
