import ProfileGANSchema

/// How many synthetic values of one `pii` column equal a value of the same column in the real
/// table. pii columns are never learned, so they are left out of fidelity; this is their check:
/// generation writes fresh values, so the count should be 0 (a pattern with a small value space
/// can meet real values by chance, which this would show).
public struct IdentifierCopies: Sendable, Codable, Equatable {
    /// The column.
    public var column: String
    /// Non-empty synthetic cells.
    public var syntheticValues: Int
    /// Of those, cells equal to some real cell of the column.
    public var copies: Int

    /// One entry per `pii` column of the real table that the synthetic table also has.
    static func count(real: Table, synthetic: Table) -> [IdentifierCopies] {
        real.schema.columns.enumerated().compactMap { index, column in
            guard case .pii = column.kind, case .id(let realValues) = real.columns[index],
                  case .id(let syntheticValues)? = synthetic.column(named: column.name) else { return nil }
            let known = Set(realValues.filter { !$0.isEmpty })
            let present = syntheticValues.filter { !$0.isEmpty }
            return IdentifierCopies(column: column.name, syntheticValues: present.count, copies: present.filter(known.contains).count)
        }
    }
}
