import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// A differentially private fit of the autoregressive model bound to the privacy budget ledger —
/// the same contract as the GAN's ``PrivateFit``:
///
/// ```swift
/// let fit = try PrivateAutoregressiveFit(table: table, privacy: PrivacyOptions(target: .epsilon(3)), ledger: ledger)
/// print(fit.plan.summary)                     // row count released, plan made and reserved
/// let model = try fit.train()                 // marks training started, runs the plan exactly
/// try model.save(to: "m.pgan")
/// try fit.complete(model: model, modelHash: nil)
/// ```
///
/// Needs `min` and `max` in the schema for every continuous and datetime column (the token bins
/// are cut between them); refused before anything is released otherwise.
public final class PrivateAutoregressiveFit {
    /// What the fit releases and spends.
    public var plan: PrivateTrainingPlan { booking.plan }
    /// The dataset's id in the ledger.
    public var datasetID: String { booking.datasetID }
    /// The ledger's answer: fit id and the dataset's balance before and after.
    public var reservation: FitReservation { booking.reservation }
    /// The settings the fit runs with (seed fixed).
    public let configuration: AutoregressiveConfiguration

    private var booking: PrivateFitBooking
    private let table: Table
    private let privacy: PrivacyOptions
    private var trained = false

    /// Releases the noisy row count, plans the fit and reserves it in `ledger` (`datasetID` and
    /// `budget` as for ``PrivateFit/init(table:configuration:privacy:ledger:datasetID:budget:)``).
    public init(table: Table, configuration: AutoregressiveConfiguration = .privateDefaults, privacy: PrivacyOptions,
                ledger: BudgetLedger, datasetID: String? = nil, budget: Double? = nil) throws {
        try configuration.validate()
        try AutoregressiveSynthesizer.checkPrivacyOptions(privacy)
        guard table.rowCount > 0 else { throw SynthesizerError.unusableData("the training table has no rows") }
        guard !table.schema.learnedColumns.isEmpty else { throw SynthesizerError.unusableData("the schema has no columns to learn (only id columns)") }
        var resolved = configuration
        let seed = resolved.seed ?? SecureGenerator.freshSeed()
        resolved.seed = seed
        // The schema must carry everything the token layout needs before anything is released.
        _ = try TableTokenizer(publicSchema: table.schema, bins: resolved.maxBins)
        booking = try PrivateFitBooking(table: table, privacy: privacy, seed: seed, ledger: ledger, datasetID: datasetID, budget: budget) {
            try AutoregressiveSynthesizer.planPrivateFit(noisyRowCount: $0, delta: $1, schema: table.schema, configuration: resolved, privacy: privacy)
        }
        self.configuration = resolved
        self.table = table
        self.privacy = privacy
    }

    /// Records that training starts, then runs the plan. Stopping through `options.control`
    /// returns the model of the last finished epoch (its record holds only the steps made). Runs once.
    public func train(options: Synthesizer.FitOptions = Synthesizer.FitOptions()) throws -> AutoregressiveModel {
        guard !trained else { throw SynthesizerError.privacy("a PrivateAutoregressiveFit trains once; make a new one (and a new reservation) for another fit") }
        trained = true
        try booking.markTrainingStarted()
        return try AutoregressiveSynthesizer.fitPrivately(table, plan: plan, configuration: configuration, pairBins: privacy.marginalPairBins,
                                                          seed: configuration.seed!,
                                                          noise: &booking.noise, options: options)
    }

    /// Records the kept model: what it actually spent.
    public func complete(model: AutoregressiveModel, modelHash: String?) throws {
        try booking.complete(modelHash: modelHash, executed: model.privacy?.mechanisms)
    }

    /// Records a fit whose model is not kept: what ran is still charged (all of the plan when
    /// `model` is nil).
    public func discard(_ model: AutoregressiveModel?) throws {
        guard let executed = model?.privacy?.mechanisms else { return }
        try booking.discard(executed: executed)
    }
}
