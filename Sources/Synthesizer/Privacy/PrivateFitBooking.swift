import ProfileGANPrivacy
import ProfileGANSchema

/// The ledger side of a DP fit, shared by every model kind (``PrivateFit``,
/// ``PrivateAutoregressiveFit``): release the noisy row count, make the plan from it, reserve the
/// whole plan in the budget ledger — then, after training, record what ran.
///
/// Refusals that need only the ledger (a dataset whose cap is spent, a mismatched cap or δ) come
/// before the count is released. A count released for a plan that then fails stays on the record
/// (reserved and aborted), so even a refused fit is charged for what it read.
struct PrivateFitBooking {
    let plan: PrivateTrainingPlan
    let datasetID: String
    let reservation: FitReservation
    /// The fit's secret noise source, already used for the row count.
    var noise: PrivacyNoiseGenerator
    let ledger: BudgetLedger

    /// - Parameter planning: the plan for a noisy row count and δ; must read no row.
    init(table: Table, privacy: PrivacyOptions, seed: UInt64, ledger: BudgetLedger, datasetID: String?, budget: Double?,
         planning: (_ noisyRowCount: Int, _ delta: Double) throws -> PrivateTrainingPlan) throws {
        if let budget, !(budget > 0 && budget.isFinite) { throw SynthesizerError.privacy("the budget must be a positive ε, got \(budget)") }
        let id = try datasetID ?? ledger.datasetID(canonicalDigest: table.canonicalDigest())
        let terms = try ledger.terms(of: id)
        if let terms {
            if let budget, budget != terms.budget { throw LedgerError.budgetMismatch(datasetID: id, ledger: terms.budget, requested: budget) }
            if let delta = privacy.delta, delta != terms.delta { throw LedgerError.deltaMismatch(datasetID: id, ledger: terms.delta, fit: delta) }
            if let cap = terms.budget, terms.spent >= cap {
                throw LedgerError.budgetExceeded(datasetID: id, budget: cap, spent: terms.spent, wouldBe: terms.spent, fitEpsilon: 0)
            }
        }

        var noise = PrivacyNoiseGenerator(replaySeed: privacy.insecureReplayableNoise ? seed : nil)
        let countRelease = try DiscreteGaussian.variance(forNoiseMultiplier: privacy.rowCountNoiseMultiplier)
        let noisyRows = max(0, table.rowCount + DiscreteGaussian.sample(varianceNumerator: countRelease.numerator, using: &noise))
        let countMechanism = PrivacyMechanism.discreteGaussian(noiseMultiplier: countRelease.sigma, count: 1,
                                                               purpose: PlannedRelease.Group.rowCount.rawValue)
        let delta: Double
        let plan: PrivateTrainingPlan
        do {
            delta = try terms?.delta ?? DefaultDelta.resolve(privacy.delta, rowCount: max(noisyRows, 1))
            plan = try planning(noisyRows, delta)
        } catch {
            // The count was released; planning on it failed. It stays on the record.
            let fallbackDelta = terms?.delta ?? privacy.delta ?? 1 / (10 * Double(max(noisyRows, 2)))
            if let r = try? ledger.reserve(datasetID: id, mechanisms: [countMechanism], delta: fallbackDelta, accountant: privacy.accountant,
                                           releasedBeforeTraining: [countMechanism], replayableNoise: privacy.insecureReplayableNoise) {
                try? ledger.abort(fitID: r.fitID)
            }
            throw error
        }
        precondition(plan.mechanisms[0] == countMechanism, "the plan's first release is the row count")
        if terms == nil, let budget {
            try ledger.setBudget(datasetID: id, budget: budget, delta: delta, accountant: privacy.accountant)
        }
        reservation = try ledger.reserve(datasetID: id, mechanisms: plan.mechanisms, delta: delta, accountant: privacy.accountant,
                                         releasedBeforeTraining: [countMechanism], replayableNoise: privacy.insecureReplayableNoise)
        self.plan = plan
        self.datasetID = id
        self.noise = noise
        self.ledger = ledger
    }

    /// Records that training starts: from here a failure leaves the whole plan charged.
    func markTrainingStarted() throws { try ledger.markTrainingStarted(fitID: reservation.fitID) }

    /// Records the kept model: what it actually ran (fewer steps if stopped early).
    func complete(modelHash: String?, executed: [PrivacyMechanism]?) throws {
        try ledger.complete(fitID: reservation.fitID, modelHash: modelHash, executedMechanisms: executed)
    }

    /// Records a fit whose model is not kept: what ran stays charged.
    func discard(executed: [PrivacyMechanism]) throws { try ledger.abort(fitID: reservation.fitID, executedMechanisms: executed) }
}
