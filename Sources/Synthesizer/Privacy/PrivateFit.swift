import Foundation
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// A differentially private fit bound to the privacy budget ledger: the one way to run one.
///
/// ```swift
/// let ledger = try BudgetLedger(path: "ledger.sqlite")
/// let fit = try PrivateFit(table: table, configuration: configuration, privacy: PrivacyOptions(target: .epsilon(3)),
///                          ledger: ledger)            // releases the noisy row count, plans, reserves
/// print(fit.plan.summary)
/// let model = try fit.train()                          // marks training started, runs the plan exactly
/// try model.save(to: "m.pgan")
/// try fit.complete(model: model, modelHash: nil)       // or fit.discard(model) if it is not kept
/// ```
///
/// `init` releases the row count (charged), derives the plan from it, and reserves the whole plan
/// in the ledger — refused, with the count still charged, if the dataset's cap cannot cover it.
/// ``train(options:)`` records that training starts, then runs exactly the plan's releases and
/// steps. A fit that throws during training stays reserved: its whole plan counts as spent.
public final class PrivateFit {
    /// What the fit releases and spends.
    public let plan: PrivateTrainingPlan
    /// The dataset's id in the ledger (by default an HMAC of the table's canonical content).
    public let datasetID: String
    /// The ledger's answer: fit id and the dataset's balance before and after.
    public let reservation: FitReservation
    /// The settings the fit runs with (DP defaults resolved, seed fixed).
    public let configuration: SynthesizerConfiguration

    private let ledger: BudgetLedger
    private let table: Table
    private let privacy: PrivacyOptions
    private var noise: PrivacyNoiseGenerator
    private var trained = false

    /// Releases the noisy row count, plans the fit and reserves it in `ledger`.
    /// - Parameters:
    ///   - datasetID: the dataset's name in the ledger; nil: ``BudgetLedger/datasetID(canonicalDigest:)``
    ///     of ``ProfileGANSchema/Table/canonicalDigest()`` (re-exports share it).
    ///   - budget: the dataset's cap. A new dataset takes it; an existing one must already have it
    ///     (a cap is changed only with ``BudgetLedger/setBudget(datasetID:budget:delta:accountant:confirmRaise:)``).
    public init(table: Table, configuration: SynthesizerConfiguration = SynthesizerConfiguration(), privacy: PrivacyOptions,
                ledger: BudgetLedger, datasetID: String? = nil, budget: Double? = nil) throws {
        try configuration.validate()
        guard table.rowCount > 0 else { throw SynthesizerError.unusableData("the training table has no rows") }
        guard !table.schema.learnedColumns.isEmpty else { throw SynthesizerError.unusableData("the schema has no columns to learn (only id columns)") }
        if let budget, !(budget > 0 && budget.isFinite) { throw SynthesizerError.privacy("the budget must be a positive ε, got \(budget)") }
        var resolved = try Synthesizer.privateConfiguration(configuration, privacy: privacy)
        let seed = resolved.seed ?? SecureGenerator.freshSeed()
        resolved.seed = seed
        // Refusals that need only the schema (bounds, categories) come before anything is released;
        // none may depend on the rows, not even on their number.
        var unused = SeededGenerator(seed: 0)
        _ = try DataTransformer(publicSchema: table.schema, options: TransformerOptions(continuous: .minmax), rng: &unused)
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
            plan = try Synthesizer.planPrivateFit(noisyRowCount: noisyRows, delta: delta, schema: table.schema,
                                                  configuration: resolved, privacy: privacy)
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
        self.configuration = resolved
        self.ledger = ledger
        self.table = table
        self.privacy = privacy
        self.noise = noise
    }

    /// Records that training starts, then runs the plan. Stopping through `options.control`
    /// returns the model of the last finished epoch (its record holds only the steps made).
    /// Runs once.
    public func train(options: Synthesizer.FitOptions = Synthesizer.FitOptions()) throws -> SynthesizerModel {
        guard !trained else { throw SynthesizerError.privacy("a PrivateFit trains once; make a new one (and a new reservation) for another fit") }
        trained = true
        try ledger.markTrainingStarted(fitID: reservation.fitID)
        var options = options
        options.trainingDataSHA256 = nil  // a DP model keeps no fingerprint of its rows
        return try Synthesizer.fitPrivately(table, plan: plan, configuration: configuration, privacy: privacy,
                                            seed: configuration.seed!, noise: &noise, options: options)
    }

    /// Records the kept model: what it actually spent (fewer steps if stopped early).
    public func complete(model: SynthesizerModel, modelHash: String?) throws {
        try ledger.complete(fitID: reservation.fitID, modelHash: modelHash, executedMechanisms: model.privacy?.mechanisms)
    }

    /// Records a fit whose model is not kept: what ran is still charged (all of the plan when
    /// `model` is nil, since what ran before a failure is not known).
    public func discard(_ model: SynthesizerModel?) throws {
        guard let executed = model?.privacy?.mechanisms else { return }
        try ledger.abort(fitID: reservation.fitID, executedMechanisms: executed)
    }
}
