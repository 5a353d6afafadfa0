import Foundation

/// Shared formatting for audit output (model records and ledgers).
enum AuditFormatting {
    /// ε and similar figures: 4 significant digits, "∞" for infinity.
    static func number(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : "∞"
    }

    /// Pretty-printed JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// What (ε, δ) means, in one paragraph.
    static func meaning(epsilon: Double, delta: Double) -> String {
        let factor = exp(epsilon)
        return """
            Meaning: for any one person, anything computed from the output is at most \
            e^ε = \(number(factor))× more (or less) likely with their row in the training data than \
            without it, except with probability at most δ = \(number(delta)). This protects each row \
            (one person's profile); it does not hide facts shared by many rows.
            """
    }
}

extension PrivacyRecord {
    /// The audit as JSON (the model-audit format; see the type's documentation).
    public func auditJSON() throws -> String { try AuditFormatting.json(self) }

    /// The audit as a readable text: the guarantee in plain words, then what was charged.
    public func auditText() -> String {
        guard dp, let epsilon, let delta else {
            return """
                Differential privacy: NO. This model was trained without differential privacy; it \
                carries no formal guarantee and may reproduce details of individual training rows.
                Library version: \(libraryVersion)
                """
        }
        var lines = [
            "Differential privacy: yes — (ε = \(AuditFormatting.number(epsilon)), δ = \(AuditFormatting.number(delta))), add/remove one row, \(accountant.rawValue.uppercased()) accountant",
            AuditFormatting.meaning(epsilon: epsilon, delta: delta),
            "Noise source: " + (randomness == .secure
                ? "the operating system's secure random generator."
                : "a seeded generator — the run is reproducible but NOT hardened: anyone who knows the seed can remove the noise."),
            "Public (not charged): " + (publicInformation.isEmpty ? "nothing recorded" : publicInformation),
            "",
            "Charged to the budget:",
        ]
        for item in charged {
            lines.append("  ε alone = \(AuditFormatting.number(item.epsilonAlone).padding(toLength: 8, withPad: " ", startingAt: 0))  \(item.description)")
        }
        lines.append("  composed total ε = \(AuditFormatting.number(epsilon)) (composition is tighter than the sum of the parts)")
        lines.append("Library version: \(libraryVersion)")
        return lines.joined(separator: "\n")
    }
}
