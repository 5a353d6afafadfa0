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

    enum CodingKeys: String, CodingKey {
        case id
        case datasetID = "dataset_id"
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case modelHash = "model_hash"
        case mechanisms, epsilon, status
    }
}
