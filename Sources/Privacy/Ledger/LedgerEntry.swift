import Foundation

/// One entry of the ledger's journal. The ledger's state is the fold of its entries in order;
/// entries are only ever appended (see ``BudgetLedger``).
enum LedgerEntry: Codable, Equatable {
    /// A dataset's terms, fixed at its first appearance.
    case dataset(id: String, delta: Double, accountant: AccountantKind, at: String)
    /// A cap set, lowered, raised (with confirmation) or removed (nil).
    case budget(dataset: String, old: Double?, new: Double?, at: String)
    /// δ or the accountant of a dataset changed before any fit existed.
    case terms(dataset: String, delta: Double, accountant: AccountantKind, at: String)
    /// A planned fit, charged in full until settled.
    case reserve(fit: Int64, dataset: String, mechanisms: [PrivacyMechanism], epsilon: Double,
                 releasedBeforeTraining: [PrivacyMechanism], process: ProcessIdentity?, replayableNoise: Bool, at: String)
    /// The fit is about to read private rows for training: from here on it cannot be released.
    case trainingStarted(fit: Int64, at: String)
    /// The fit finished with these mechanisms.
    case complete(fit: Int64, modelHash: String?, mechanisms: [PrivacyMechanism], epsilon: Double, at: String)
    /// The fit stopped; these mechanisms ran (possibly none).
    case abort(fit: Int64, mechanisms: [PrivacyMechanism], epsilon: Double, at: String)

    /// The journal's `kind` column.
    var kind: String {
        switch self {
        case .dataset: "dataset"
        case .budget: "budget"
        case .terms: "terms"
        case .reserve: "reserve"
        case .trainingStarted: "training_started"
        case .complete: "complete"
        case .abort: "abort"
        }
    }

    /// The canonical JSON body (sorted keys), which the hash chain covers.
    func body() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ body: String) throws -> LedgerEntry {
        try JSONDecoder().decode(LedgerEntry.self, from: Data(body.utf8))
    }
}
