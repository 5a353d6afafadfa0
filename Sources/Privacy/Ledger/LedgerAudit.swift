import Foundation

/// What a dataset has spent, as `profilegan audit --ledger` shows it.
///
/// JSON keys: `dataset_id`, `delta`, `accountant`, `spent` (composed ε of every fit), 
/// `spent_naive_sum` (the plain sum of each fit's ε, for comparison), `budget`, `remaining`
/// (null when no cap is set) and `fits`.
public struct LedgerAudit: Codable, Hashable, Sendable {
    public var datasetID: String
    public var delta: Double
    public var accountant: AccountantKind
    public var spent: Double
    public var spentNaiveSum: Double
    public var budget: Double?
    public var remaining: Double?
    public var fits: [LedgerFit]

    enum CodingKeys: String, CodingKey {
        case datasetID = "dataset_id"
        case delta, accountant, spent
        case spentNaiveSum = "spent_naive_sum"
        case budget, remaining, fits
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
    }

    /// JSON for tools.
    public func json() throws -> String { try AuditFormatting.json(self) }

    /// A readable table of the fits and the balance.
    public func text() -> String {
        let n = AuditFormatting.number
        var lines = [
            "Dataset \(datasetID)   δ = \(n(delta))   accountant: \(accountant.rawValue.uppercased())",
            "",
            "  fit  status     created (UTC)         ε alone   mechanisms",
        ]
        let dateFormat = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        for fit in fits {
            let mechanisms = fit.mechanisms.isEmpty ? "none executed" : fit.mechanisms.map(\.summary).joined(separator: "; ")
            lines.append(
                "  " + String(fit.id).leftPadded(to: 3) + "  " + fit.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + "  " + fit.createdAt.formatted(dateFormat).padding(toLength: 20, withPad: " ", startingAt: 0)
                    + "  " + n(fit.epsilon).padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + mechanisms)
        }
        if fits.isEmpty { lines.append("  (no fits yet)") }
        lines.append("")
        lines.append("Spent: ε = \(n(spent)) composed (\(accountant.rawValue.uppercased())); naive sum of the fits' ε = \(n(spentNaiveSum)).")
        if let budget, let remaining {
            lines.append("Budget: ε = \(n(budget)); remaining ε = \(n(remaining)).")
        } else {
            lines.append("Budget: no cap set (set one with `profilegan ledger set-budget`).")
        }
        if fits.contains(where: { $0.status == .reserved }) {
            lines.append("Reserved fits are counted as fully spent (a fit that crashed may already have released noisy gradients).")
        }
        lines.append(AuditFormatting.meaning(epsilon: spent, delta: delta)
            .replacingOccurrences(of: "the output", with: "all models fitted on this dataset together"))
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
