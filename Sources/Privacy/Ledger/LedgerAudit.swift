import Foundation

/// What a dataset has spent, as `profilegan audit --ledger` shows it.
///
/// JSON keys: `dataset_id`, `delta`, `accountant`, `spent` (composed ε of every fit), 
/// `spent_naive_sum` (the plain sum of each fit's ε, for comparison), `budget`, `remaining`
/// (null when no cap is set), `over_budget`, `dp` (false when a fit's noise can be replayed),
/// `budget_events` (every change of the cap: old, new, at), `head_hash` (the journal's last hash)
/// and `fits`.
public struct LedgerAudit: Codable, Hashable, Sendable {
    public var datasetID: String
    public var delta: Double
    public var accountant: AccountantKind
    public var spent: Double
    public var spentNaiveSum: Double
    public var budget: Double?
    public var remaining: Double?
    public var fits: [LedgerFit]
    /// Every change of the cap, oldest first.
    public var budgetEvents: [BudgetEvent]
    /// The hash of the journal's last entry (note it elsewhere to detect a rebuilt journal).
    public var headHash: String

    /// Whether the composed spend exceeds the cap (possible only when a cap was lowered below it).
    public var overBudget: Bool { budget.map { spent > $0 } ?? false }
    /// The fits whose noise can be replayed: with any of them the dataset has no DP guarantee.
    public var replayableFits: [Int64] { fits.filter { $0.replayableNoise && !$0.mechanisms.isEmpty }.map(\.id) }
    /// Whether the spent ε is a guarantee (no fit with replayable noise).
    public var dp: Bool { replayableFits.isEmpty }

    public init(datasetID: String, delta: Double, accountant: AccountantKind, spent: Double, spentNaiveSum: Double,
                budget: Double?, remaining: Double?, fits: [LedgerFit], budgetEvents: [BudgetEvent], headHash: String) {
        self.datasetID = datasetID
        self.delta = delta
        self.accountant = accountant
        self.spent = spent
        self.spentNaiveSum = spentNaiveSum
        self.budget = budget
        self.remaining = remaining
        self.fits = fits
        self.budgetEvents = budgetEvents
        self.headHash = headHash
    }

    enum CodingKeys: String, CodingKey {
        case datasetID = "dataset_id"
        case delta, accountant, spent
        case spentNaiveSum = "spent_naive_sum"
        case budget, remaining, fits, dp
        case overBudget = "over_budget"
        case budgetEvents = "budget_events"
        case headHash = "head_hash"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(datasetID: try c.decode(String.self, forKey: .datasetID), delta: try c.decode(Double.self, forKey: .delta),
                  accountant: try c.decode(AccountantKind.self, forKey: .accountant), spent: try c.decode(Double.self, forKey: .spent),
                  spentNaiveSum: try c.decode(Double.self, forKey: .spentNaiveSum), budget: try c.decodeIfPresent(Double.self, forKey: .budget),
                  remaining: try c.decodeIfPresent(Double.self, forKey: .remaining), fits: try c.decode([LedgerFit].self, forKey: .fits),
                  budgetEvents: try c.decodeIfPresent([BudgetEvent].self, forKey: .budgetEvents) ?? [],
                  headHash: try c.decodeIfPresent(String.self, forKey: .headHash) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(datasetID, forKey: .datasetID)
        try c.encode(delta, forKey: .delta)
        try c.encode(accountant, forKey: .accountant)
        try c.encode(spent, forKey: .spent)
        try c.encode(spentNaiveSum, forKey: .spentNaiveSum)
        // Explicit nulls: the keys are always present for tools.
        try c.encode(budget, forKey: .budget)
        try c.encode(remaining, forKey: .remaining)
        try c.encode(fits, forKey: .fits)
        try c.encode(dp, forKey: .dp)
        try c.encode(overBudget, forKey: .overBudget)
        try c.encode(budgetEvents, forKey: .budgetEvents)
        try c.encode(headHash, forKey: .headHash)
    }

    /// JSON for tools.
    public func json() throws -> String { try AuditFormatting.json(self) }

    /// A readable table of the fits and the balance.
    public func text() -> String {
        let n = AuditFormatting.number
        var lines = [
            "Dataset \(datasetID)   δ = \(n(delta))   accountant: \(accountant.rawValue.uppercased())",
        ]
        if !dp {
            lines.append(PrivacyRecord.replayableHeadline + " (fit " + replayableFits.map(String.init).joined(separator: ", ")
                         + "): the ε below is what secret noise would have cost, not a guarantee.")
        }
        lines += [
            "",
            "  fit  status     created (UTC)         ε alone   mechanisms",
        ]
        let dateFormat = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        for fit in fits {
            var mechanisms = fit.mechanisms.isEmpty ? "none executed" : fit.mechanisms.map(\.summary).joined(separator: "; ")
            if fit.replayableNoise { mechanisms = "NOT DP (replayable noise): " + mechanisms }
            if fit.status == .reserved { mechanisms += fit.trainingStarted ? " [training started]" : " [not started]" }
            lines.append(
                "  " + String(fit.id).leftPadded(to: 3) + "  " + fit.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + "  " + fit.createdAt.formatted(dateFormat).padding(toLength: 20, withPad: " ", startingAt: 0)
                    + "  " + n(fit.epsilon).padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + mechanisms)
        }
        if fits.isEmpty { lines.append("  (no fits yet)") }
        lines.append("")
        lines.append("Spent: ε = \(n(spent)) composed (\(accountant.rawValue.uppercased())); naive sum of the fits' ε = \(n(spentNaiveSum)).")
        if let budget, overBudget {
            lines.append("Budget: ε = \(n(budget)); OVER BUDGET: spent ε = \(n(spent)) exceeds the cap by \(n(spent - budget)) (the cap was lowered below what was already spent); every further fit is refused.")
        } else if let budget, let remaining {
            lines.append("Budget: ε = \(n(budget)); remaining ε = \(n(remaining)).")
        } else {
            lines.append("Budget: no cap set (set one with `profilegan ledger set-budget`).")
        }
        for event in budgetEvents {
            lines.append("Cap changed \(event.at.formatted(dateFormat)): \(event.old.map { "ε = " + n($0) } ?? "none") → \(event.new.map { "ε = " + n($0) } ?? "none").")
        }
        if fits.contains(where: { $0.status == .reserved }) {
            lines.append("Reserved fits are counted as fully spent (a fit that crashed may already have released noisy gradients).")
        }
        if dp {
            lines.append(AuditFormatting.meaning(epsilon: spent, delta: delta)
                .replacingOccurrences(of: "the output", with: "all models fitted on this dataset together"))
        }
        lines.append("Journal verified (hash chain intact); head \(headHash.prefix(16))….")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
