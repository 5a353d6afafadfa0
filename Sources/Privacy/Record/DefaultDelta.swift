/// The δ rule: δ defaults to 1/(10·n) for n private rows, and δ ≥ 1/n is refused — at δ = 1/n a
/// mechanism that publishes one random row in full would satisfy the definition.
public enum DefaultDelta {
    /// 1/(10·n).
    public static func value(rowCount: Int) throws -> Double {
        guard rowCount > 0 else { throw PrivacyParameterError.invalid("cannot choose δ for an empty table") }
        return 1 / (10 * Double(rowCount))
    }

    /// `requested` if given and valid, else the default; throws if δ ≥ 1/n or δ ∉ (0, 1).
    public static func resolve(_ requested: Double?, rowCount: Int) throws -> Double {
        guard let delta = requested else { return try value(rowCount: rowCount) }
        try validateDelta(delta)
        guard rowCount > 0, delta < 1 / Double(rowCount) else {
            throw PrivacyParameterError.invalid(
                "delta \(delta) is too large for \(rowCount) rows: it must be below 1/n = \(1 / Double(max(rowCount, 1))) (default 1/(10·n))")
        }
        return delta
    }
}
