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
    public var plan: PrivateTrainingPlan { booking.plan }
    /// The dataset's id in the ledger (by default an HMAC of the table's canonical content).
    public var datasetID: String { booking.datasetID }
    /// The ledger's answer: fit id and the dataset's balance before and after.
    public var reservation: FitReservation { booking.reservation }
    /// The settings the fit runs with (DP defaults resolved, seed fixed).
    public let configuration: SynthesizerConfiguration

    private var booking: PrivateFitBooking
    private let table: Table
    private let privacy: PrivacyOptions
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
        var resolved = try Synthesizer.privateConfiguration(configuration, privacy: privacy)
        let seed = resolved.seed ?? SecureGenerator.freshSeed()
        resolved.seed = seed
        // Refusals that need only the schema (bounds, categories) come before anything is released;
        // none may depend on the rows, not even on their number.
        var unused = SeededGenerator(seed: 0)
        _ = try DataTransformer(publicSchema: table.schema, options: TransformerOptions(continuous: .minmax), rng: &unused)
        booking = try PrivateFitBooking(table: table, privacy: privacy, seed: seed, ledger: ledger, datasetID: datasetID, budget: budget) {
            try Synthesizer.planPrivateFit(noisyRowCount: $0, delta: $1, schema: table.schema, configuration: resolved, privacy: privacy)
        }
        self.configuration = resolved
        self.table = table
        self.privacy = privacy
    }

    /// Records that training starts, then runs the plan. Stopping through `options.control`
    /// returns the model of the last finished epoch (its record holds only the steps made).
    /// Runs once.
    public func train(options: Synthesizer.FitOptions = Synthesizer.FitOptions()) throws -> SynthesizerModel {
        guard !trained else { throw SynthesizerError.privacy("a PrivateFit trains once; make a new one (and a new reservation) for another fit") }
        trained = true
        try booking.markTrainingStarted()
        var options = options
        options.trainingDataSHA256 = nil  // a DP model keeps no fingerprint of its rows
        return try Synthesizer.fitPrivately(table, plan: plan, configuration: configuration, privacy: privacy,
                                            seed: configuration.seed!, noise: &booking.noise, options: options)
    }

    /// Records the kept model: what it actually spent (fewer steps if stopped early).
    public func complete(model: SynthesizerModel, modelHash: String?) throws {
        try booking.complete(modelHash: modelHash, executed: model.privacy?.mechanisms)
    }

    /// Records a fit whose model is not kept: what ran is still charged (all of the plan when
    /// `model` is nil, since what ran before a failure is not known).
    public func discard(_ model: SynthesizerModel?) throws {
        guard let executed = model?.privacy?.mechanisms else { return }
        try booking.discard(executed: executed)
    }
}
