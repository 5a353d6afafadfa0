import ProfileGANSchema

/// One learned column of the real and the synthetic table, put on common ground: categories and labels
/// are matched by their text (the two tables may have read different vocabularies from their files), so
/// the same code means the same value on both sides.
struct AlignedColumn: Sendable {
    /// The schema column's name.
    let name: String
    /// The aligned values.
    let values: AlignedValues
}

/// The values of an ``AlignedColumn``.
enum AlignedValues: Sendable {
    /// Numbers, `NaN` for missing.
    case continuous(real: [Double], synthetic: [Double])
    /// Codes into `levels`, `-1` for missing (categorical and boolean columns).
    case discrete(DiscretePair)
    /// One yes/no sub-column per label (levels `["no", "yes"]`, `-1` for a missing cell).
    case multilabel(labels: [String], perLabel: [DiscretePair])
}

/// A discrete column's codes in both tables over one shared list of levels.
struct DiscretePair: Sendable {
    let real: [Int32]
    let synthetic: [Int32]
    let levels: [String]
}

extension AlignedColumn {
    /// Aligns the column `name` of two tables. Both must hold the same kind of column.
    static func align(name: String, real: ColumnValues, synthetic: ColumnValues) -> AlignedColumn {
        switch (real, synthetic) {
        case let (.continuous(r), .continuous(s)):
            return AlignedColumn(name: name, values: .continuous(real: r, synthetic: s))
        case let (.categorical(rc, rcat), .categorical(sc, scat)):
            let levels = union(rcat, scat)
            return AlignedColumn(name: name, values: .discrete(DiscretePair(
                real: recode(rc, from: rcat, to: levels), synthetic: recode(sc, from: scat, to: levels), levels: levels)))
        case let (.boolean(r), .boolean(s)):
            return AlignedColumn(name: name, values: .discrete(DiscretePair(
                real: r.map { Int32($0) }, synthetic: s.map { Int32($0) }, levels: ["false", "true"])))
        case let (.multilabel(rf, rm, rl), .multilabel(sf, sm, sl)):
            let labels = union(rl, sl)
            let perLabel = labels.map { label in
                DiscretePair(
                    real: indicator(label, flags: rf, missing: rm, labels: rl),
                    synthetic: indicator(label, flags: sf, missing: sm, labels: sl), levels: ["no", "yes"])
            }
            return AlignedColumn(name: name, values: .multilabel(labels: labels, perLabel: perLabel))
        default:
            preconditionFailure("column \(name): real and synthetic tables hold different kinds of values")
        }
    }

    /// `a` followed by the entries of `b` it lacks.
    private static func union(_ a: [String], _ b: [String]) -> [String] {
        let known = Set(a)
        return a + b.filter { !known.contains($0) }
    }

    private static func recode(_ codes: [Int32], from old: [String], to new: [String]) -> [Int32] {
        let position = Dictionary(uniqueKeysWithValues: new.enumerated().map { ($1, Int32($0)) })
        let map = old.map { position[$0]! }
        return codes.map { $0 < 0 ? -1 : map[Int($0)] }
    }

    private static func indicator(_ label: String, flags: [UInt8], missing: [Bool], labels: [String]) -> [Int32] {
        guard let k = labels.firstIndex(of: label) else { return missing.map { $0 ? -1 : 0 } }
        return missing.indices.map { row in missing[row] ? -1 : Int32(flags[row * labels.count + k] != 0 ? 1 : 0) }
    }
}

extension DiscretePair {
    /// Counts of each level over the non-missing cells of one side.
    func counts(synthetic side: Bool) -> [Double] {
        var counts = [Double](repeating: 0, count: levels.count)
        for code in side ? synthetic : real where code >= 0 { counts[Int(code)] += 1 }
        return counts
    }
}
