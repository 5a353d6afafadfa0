import Foundation

/// One fit recorded in the budget ledger.
public struct LedgerFit: Codable, Hashable, Sendable {
    public var id: Int64
    public var datasetID: String
    public var createdAt: Date
    public var finishedAt: Date?
    /// SHA-256 of the model file written by the fit, once completed.
    public var modelHash: String?
    /// What counts against the budget: the plan while reserved, what ran once completed/aborted.
    public var mechanisms: [PrivacyMechanism]
    /// This fit's own ε at the dataset's δ.
    public var epsilon: Double
    public var status: FitStatus
    /// What the fit released while it was reserved, before training (its noisy row count): charged
    /// even if the fit is released or aborted.
    public var releasedBeforeTraining: [PrivacyMechanism]
    /// The process that reserved the fit (nil: unknown).
    public var process: ProcessIdentity?
    /// Whether the fit began reading private rows for training (then it can never be released).
    public var trainingStarted: Bool
    /// Whether its noise was replayable (`--insecure-replayable-noise`): then it is not DP.
    public var replayableNoise: Bool

    enum CodingKeys: String, CodingKey {
        case id
        case datasetID = "dataset_id"
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case modelHash = "model_hash"
        case mechanisms, epsilon, status
        case releasedBeforeTraining = "released_before_training"
        case process
        case trainingStarted = "training_started"
        case replayableNoise = "replayable_noise"
    }

    public init(
        id: Int64, datasetID: String, createdAt: Date, finishedAt: Date?, modelHash: String?,
        mechanisms: [PrivacyMechanism], epsilon: Double, status: FitStatus,
        releasedBeforeTraining: [PrivacyMechanism] = [], process: ProcessIdentity? = nil, trainingStarted: Bool = false,
        replayableNoise: Bool = false
    ) {
        self.id = id
        self.datasetID = datasetID
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.modelHash = modelHash
        self.mechanisms = mechanisms
        self.epsilon = epsilon
        self.status = status
        self.releasedBeforeTraining = releasedBeforeTraining
        self.process = process
        self.trainingStarted = trainingStarted
        self.replayableNoise = replayableNoise
    }
}

extension LedgerFit {
    /// Dates as ISO 8601 text and explicit nulls, whatever the encoder's settings.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(datasetID, forKey: .datasetID)
        try c.encode(createdAt.formatted(.iso8601), forKey: .createdAt)
        try c.encode(finishedAt?.formatted(.iso8601), forKey: .finishedAt)
        try c.encode(modelHash, forKey: .modelHash)
        try c.encode(mechanisms, forKey: .mechanisms)
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(status, forKey: .status)
        try c.encode(releasedBeforeTraining, forKey: .releasedBeforeTraining)
        try c.encode(process, forKey: .process)
        try c.encode(trainingStarted, forKey: .trainingStarted)
        try c.encode(replayableNoise, forKey: .replayableNoise)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ key: CodingKeys) throws -> Date? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            return try Date(text, strategy: .iso8601)
        }
        self.init(
            id: try c.decode(Int64.self, forKey: .id), datasetID: try c.decode(String.self, forKey: .datasetID),
            createdAt: try date(.createdAt) ?? .distantPast, finishedAt: try date(.finishedAt),
            modelHash: try c.decodeIfPresent(String.self, forKey: .modelHash),
            mechanisms: try c.decode([PrivacyMechanism].self, forKey: .mechanisms),
            epsilon: try c.decode(Double.self, forKey: .epsilon), status: try c.decode(FitStatus.self, forKey: .status),
            releasedBeforeTraining: try c.decodeIfPresent([PrivacyMechanism].self, forKey: .releasedBeforeTraining) ?? [],
            process: try c.decodeIfPresent(ProcessIdentity.self, forKey: .process),
            trainingStarted: try c.decodeIfPresent(Bool.self, forKey: .trainingStarted) ?? false,
            replayableNoise: try c.decodeIfPresent(Bool.self, forKey: .replayableNoise) ?? false)
    }
}
