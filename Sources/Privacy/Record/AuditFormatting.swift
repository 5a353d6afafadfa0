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
    /// The headline of a record whose noise can be replayed.
    public static let replayableHeadline = "NOT differentially private: the noise can be replayed"

    /// The audit as JSON (the model-audit format; see the type's documentation).
    public func auditJSON() throws -> String { try AuditFormatting.json(self) }

    /// The audit as a readable text: the guarantee in plain words, then what was charged.
    public func auditText() -> String {
        if noiseIsReplayable {
            var lines = [
                Self.replayableHeadline + ".",
                "This fit drew its DP noise and its Poisson samples from a stream derived from its seed"
                    + " (--insecure-replayable-noise, meant for tests): anyone with the model and the other rows can"
                    + " regenerate the noise and remove it. It carries no privacy guarantee.",
                "Mechanisms it ran (with secret noise they would have cost ε = \(epsilonIfNoiseWereSecret.map(AuditFormatting.number) ?? "?")):",
            ]
            lines += mechanisms.map { "  \($0.summary)" }
            lines.append("Library version: \(libraryVersion)")
            return lines.joined(separator: "\n")
        }
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
            "Noise source: the operating system's secure random generator (the model's seed drives only non-private randomness: initialization, generator noise, generation).",
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
