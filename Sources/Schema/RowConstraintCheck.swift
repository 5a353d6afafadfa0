import ProfileGANCSV

/// One schema constraint checked on every record by ``DatasetValidator``: an inequality whose two
/// values are both valid, or a fixed_combinations constraint with public `pairs` (without them the
/// allowed pairs are whatever the data holds, so there is nothing to check).
struct RowConstraintCheck {
    enum Rule {
        case inequality(low: Int, high: Int, lowField: Int, highField: Int)
        case pairs(parent: Int, parentField: Int, childField: Int, allowed: Set<CategoryPair>, parentsOfChild: [String: [String]])
    }

    let rule: Rule
    let constraint: SchemaConstraint
    /// The schema column a problem is reported at (the inequality's high column, the child).
    let reportedColumn: Int

    /// The checks whose columns are all in the file.
    static func checks(for schema: DatasetSchema, fieldForColumn: [Int?]) -> [RowConstraintCheck] {
        schema.constraints.compactMap { constraint in
            switch constraint {
            case .inequality(let low, let high):
                guard let l = schema.columnIndex(named: low), let h = schema.columnIndex(named: high),
                      let lowField = fieldForColumn[l], let highField = fieldForColumn[h] else { return nil }
                return RowConstraintCheck(rule: .inequality(low: l, high: h, lowField: lowField, highField: highField),
                                          constraint: constraint, reportedColumn: h)
            case .fixedCombinations(let parent, let child, let pairs):
                guard let pairs, let p = schema.columnIndex(named: parent), let c = schema.columnIndex(named: child),
                      let parentField = fieldForColumn[p], let childField = fieldForColumn[c] else { return nil }
                var parents: [String: [String]] = [:]
                for pair in pairs { parents[pair.child, default: []].append(pair.parent) }
                return RowConstraintCheck(rule: .pairs(parent: p, parentField: parentField, childField: childField, allowed: Set(pairs),
                                                       parentsOfChild: parents),
                                          constraint: constraint, reportedColumn: c)
            }
        }
    }

    /// The field and message of this record's problem, if it breaks the constraint. Cells that are
    /// missing or invalid themselves (reported already) are not checked again.
    func problem(in record: CSVRecord, columns: UnsafeMutableBufferPointer<ColumnBuilder>) -> (field: Int, message: String)? {
        switch rule {
        case .inequality(let low, let high, let lowField, let highField):
            let l = columns[low].lastNumber, h = columns[high].lastNumber
            guard h < l else { return nil }  // false when either is NaN
            return (highField, "\"\(record[highField])\" is below \(columns[low].column.name) \"\(record[lowField])\" on this row, which breaks the constraint \(constraint)")
        case .pairs(let parentColumn, let parentField, let childField, let allowed, let parentsOfChild):
            guard !record.isMissing(parentField), !record.isMissing(childField) else { return nil }
            let parent = record[parentField], child = record[childField]
            guard !parent.isEmpty, !child.isEmpty, !allowed.contains(CategoryPair(parent: parent, child: child)) else { return nil }
            let names = "(\(columns[parentColumn].column.name), \(columns[reportedColumn].column.name))"
            let hint = parentsOfChild[child].map { " (\"\(child)\" is allowed with \($0.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")))" }
                ?? " (\"\(child)\" is in no allowed pair)"
            return (childField, "(\"\(parent)\", \"\(child)\") is not an allowed \(names) pair\(hint)")
        }
    }
}
