import Foundation
import GRDB

/// A dataset's terms in the ledger.
struct LedgerDataset: Equatable {
    var id: String
    var budget: Double?
    var delta: Double
    var accountant: AccountantKind
    var createdAt: Date
}

/// The ledger's state: the fold of its journal.
struct LedgerState {
    var datasets: [String: LedgerDataset] = [:]
    var fits: [Int64: LedgerFit] = [:]
    var budgetEvents: [String: [BudgetEvent]] = [:]
    var headHash = LedgerChain.genesis

    init(entries: [LedgerEntry], headHash: String) {
        self.headHash = headHash
        for entry in entries { apply(entry) }
    }

    private mutating func apply(_ entry: LedgerEntry) {
        switch entry {
        case let .dataset(id, delta, accountant, at):
            datasets[id] = LedgerDataset(id: id, budget: nil, delta: delta, accountant: accountant,
                                         createdAt: BudgetLedger.date(at) ?? .distantPast)
        case let .budget(dataset, old, new, at):
            datasets[dataset]?.budget = new
            budgetEvents[dataset, default: []].append(BudgetEvent(old: old, new: new, at: BudgetLedger.date(at) ?? .distantPast))
        case let .terms(dataset, delta, accountant, _):
            datasets[dataset]?.delta = delta
            datasets[dataset]?.accountant = accountant
        case let .reserve(fit, dataset, mechanisms, epsilon, released, process, replayable, at):
            fits[fit] = LedgerFit(id: fit, datasetID: dataset, createdAt: BudgetLedger.date(at) ?? .distantPast, finishedAt: nil,
                                  modelHash: nil, mechanisms: mechanisms, epsilon: epsilon, status: .reserved,
                                  releasedBeforeTraining: released, process: process, trainingStarted: false,
                                  replayableNoise: replayable)
        case let .trainingStarted(fit, _):
            fits[fit]?.trainingStarted = true
        case let .complete(fit, modelHash, mechanisms, epsilon, at):
            fits[fit]?.status = .completed
            fits[fit]?.modelHash = modelHash
            fits[fit]?.mechanisms = mechanisms
            fits[fit]?.epsilon = epsilon
            fits[fit]?.finishedAt = BudgetLedger.date(at)
        case let .abort(fit, mechanisms, epsilon, at):
            fits[fit]?.status = .aborted
            fits[fit]?.mechanisms = mechanisms
            fits[fit]?.epsilon = epsilon
            fits[fit]?.finishedAt = BudgetLedger.date(at)
        }
    }

    /// A dataset's fits, oldest first.
    func fits(of dataset: String) -> [LedgerFit] {
        fits.values.filter { $0.datasetID == dataset }.sorted { $0.id < $1.id }
    }

    var nextFitID: Int64 { (fits.keys.max() ?? 0) + 1 }
}

/// A change of a dataset's cap, as the audit shows it.
public struct BudgetEvent: Codable, Hashable, Sendable {
    /// The cap before (nil: none).
    public var old: Double?
    /// The cap after (nil: removed).
    public var new: Double?
    public var at: Date

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(old, forKey: .old)
        try c.encode(new, forKey: .new)
        try c.encode(at.formatted(.iso8601), forKey: .at)
    }

    public init(old: Double?, new: Double?, at: Date) {
        self.old = old
        self.new = new
        self.at = at
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(old: try c.decodeIfPresent(Double.self, forKey: .old), new: try c.decodeIfPresent(Double.self, forKey: .new),
                  at: try Date(try c.decode(String.self, forKey: .at), strategy: .iso8601))
    }

    enum CodingKeys: String, CodingKey { case old, new, at }
}

extension BudgetLedger {
    /// The verified state, inside a transaction.
    func state(in db: Database) throws -> LedgerState {
        let (entries, head) = try LedgerChain.verifiedEntries(in: db, path: path)
        return LedgerState(entries: entries, headHash: head)
    }
}
