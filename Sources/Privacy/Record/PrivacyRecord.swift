/// The privacy facts of one fit, stored in the model file and shown by `profilegan audit`.
///
/// Holds everything needed to recompute ε independently: the mechanisms with their parameters,
/// δ and the accountant. Its JSON form is the model-audit format:
/// ```json
/// {"dp": true, "epsilon": 0.98, "delta": 1e-5, "accountant": "pld",
///  "mechanisms": [{"kind": "poisson_gaussian", "sampling_rate": 0.01, "noise_multiplier": 1.1,
///                  "steps": 3000, "max_grad_norm": 1.0}],
///  "randomness": "secure", "public_information": "...", "charged": [...], "library_version": "0.1.0"}
/// ```
///
/// A fit whose noise came from a replayable stream (``NoiseRandomness/replayable``) is *not* DP:
/// `dp` is false, `epsilon` and `delta` are null, and the ε its mechanisms would have had with
/// secret noise is kept apart as ``epsilonIfNoiseWereSecret`` so that no ε ever stands alone.
public struct PrivacyRecord: Hashable, Sendable {
    /// Whether the fit was differentially private. When false, nothing below is a guarantee.
    public var dp: Bool
    /// Composed ε of everything charged (nil for a non-DP fit, replayable noise included).
    public var epsilon: Double?
    /// With replayable noise only: the ε the same mechanisms would certify had their noise been
    /// secret. Not a guarantee — the noise can be regenerated from the seed and subtracted.
    public var epsilonIfNoiseWereSecret: Double?
    /// δ of the guarantee (nil for a non-DP fit).
    public var delta: Double?
    /// The accountant that computed ε.
    public var accountant: AccountantKind
    /// Every mechanism that read private rows.
    public var mechanisms: [PrivacyMechanism]
    /// Where the noise came from.
    public var randomness: NoiseRandomness
    /// What was treated as public (not charged), in words — typically the schema: column names,
    /// types, bounds and category lists.
    public var publicInformation: String
    /// Each mechanism's own ε at δ, for the "what was charged and how much" table.
    public var charged: [ChargedItem]
    /// The library version that trained the model.
    public var libraryVersion: String

    /// A DP record: ε is composed over `mechanisms` by `accountant` at `delta`.
    public init(
        mechanisms: [PrivacyMechanism], delta: Double, accountant: AccountantKind,
        randomness: NoiseRandomness, publicInformation: String, libraryVersion: String
    ) throws {
        try self.init(mechanisms: mechanisms, delta: delta, accountant: accountant, randomness: randomness,
                      publicInformation: publicInformation, libraryVersion: libraryVersion, known: [:])
    }

    /// The same, taking from `known` the ε values the same accountant already computed at the same
    /// `delta`, by the exact list of mechanisms composed (a plan's total, its DP-SGD alone): at σ = 1
    /// over SLID's 180 steps `profilegan accountant` (RDP and PLD) took 0.22 s, and a fit that ran
    /// as planned need not repeat it. `package`: a value passed here is recorded unchecked, so only the synthesizer's
    /// plan, which computed it, may pass one.
    package init(
        mechanisms: [PrivacyMechanism], delta: Double, accountant: AccountantKind,
        randomness: NoiseRandomness, publicInformation: String, libraryVersion: String,
        known: [[PrivacyMechanism]: Double]
    ) throws {
        let engine = KnownEpsilons(accountant: accountant.makeAccountant(), known: known)
        let epsilon = try engine.epsilon(composing: mechanisms, delta: delta)
        guard !epsilon.isNaN else { throw PrivacyParameterError.invalid("the accountant returned ε = NaN for \(mechanisms)") }
        let secret = randomness == .secure
        self.init(
            dp: secret, epsilon: secret ? epsilon : nil, delta: secret ? delta : nil,
            epsilonIfNoiseWereSecret: secret ? nil : epsilon,
            accountant: accountant, mechanisms: mechanisms, randomness: randomness,
            publicInformation: publicInformation,
            charged: try mechanisms.map {
                ChargedItem(description: $0.summary, epsilonAlone: try engine.epsilon(composing: [$0], delta: delta))
            },
            libraryVersion: libraryVersion)
    }

    /// An accountant that answers from `known` when it can.
    private struct KnownEpsilons {
        let accountant: any PrivacyAccountant
        let known: [[PrivacyMechanism]: Double]
        func epsilon(composing mechanisms: [PrivacyMechanism], delta: Double) throws -> Double {
            if let value = known[mechanisms] { return value }
            return try accountant.epsilon(composing: mechanisms, delta: delta)
        }
    }

    /// The record of a fit without differential privacy.
    public static func nonPrivate(libraryVersion: String) -> PrivacyRecord {
        PrivacyRecord(
            dp: false, epsilon: nil, delta: nil, epsilonIfNoiseWereSecret: nil, accountant: .default, mechanisms: [],
            randomness: .replayable,
            publicInformation: "", charged: [], libraryVersion: libraryVersion)
    }

    /// Memberwise (decoding).
    init(
        dp: Bool, epsilon: Double?, delta: Double?, epsilonIfNoiseWereSecret: Double?, accountant: AccountantKind,
        mechanisms: [PrivacyMechanism],
        randomness: NoiseRandomness, publicInformation: String, charged: [ChargedItem], libraryVersion: String
    ) {
        self.dp = dp
        self.epsilon = epsilon
        self.delta = delta
        self.epsilonIfNoiseWereSecret = epsilonIfNoiseWereSecret
        self.accountant = accountant
        self.mechanisms = mechanisms
        self.randomness = randomness
        self.publicInformation = publicInformation
        self.charged = charged
        self.libraryVersion = libraryVersion
    }

    /// Whether the noise of this fit can be replayed (then it is not DP, whatever its mechanisms).
    public var noiseIsReplayable: Bool { randomness == .replayable && !mechanisms.isEmpty }

    /// ε recomputed from the recorded mechanisms, δ and accountant (nil for a non-DP record).
    /// An auditor compares it with ``epsilon``.
    public func recomputedEpsilon() throws -> Double? {
        guard dp, let delta else { return nil }
        return try accountant.makeAccountant().epsilon(composing: mechanisms, delta: delta)
    }
}
