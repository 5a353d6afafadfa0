/// Fixed conditions for generation: `--where column=value`, and checking generated rows against them.
extension ConditionalSampler {
    /// The condition matching `--where column=value`: a category of a categorical column (empty
    /// value: the missing category of a nullable one), `true`/`false` (also `1`/`0`, `yes`/`no`) for a
    /// boolean column, or a label of a multilabel column (the label is present).
    public func condition(column: String, value: String) throws(TransformError) -> ConditionChoice {
        guard blocks.contains(where: { $0.columnName == column }) else {
            throw TransformError(column: column, message: "no such categorical, boolean or multilabel column to condition on")
        }
        for (index, block) in blocks.enumerated() where block.columnName == column {
            switch block.role {
            case .label where block.label == value:
                return ConditionChoice(block: index, entry: 1)
            case .values:
                let wanted = Self.booleanName(value, block: block) ?? value
                if let entry = block.valueNames.firstIndex(of: wanted) { return ConditionChoice(block: index, entry: entry) }
            default:
                continue
            }
        }
        let options = blocks.filter { $0.columnName == column }.flatMap { $0.role == .label ? [$0.label ?? ""] : $0.valueNames }
        throw TransformError(column: column, message: "\"\(value)\" is not one of: \(options.map { $0.isEmpty ? "(empty: missing)" : $0 }.joined(separator: ", "))")
    }

    /// Parses `column=value` (the value may be empty, or contain further `=`).
    public func condition(parsing text: String) throws(TransformError) -> ConditionChoice {
        guard let equals = text.firstIndex(of: "=") else {
            throw TransformError(column: nil, message: "a condition must look like column=value, got \"\(text)\"")
        }
        return try condition(column: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// Whether an encoded (or generated) row satisfies `choice`: its largest entry in the block is
    /// the chosen one — and, for a label of a nullable multilabel column, the cell is not missing
    /// (a missing cell decodes with no labels at all, so it does not carry the label). For
    /// rejection sampling; every condition, the steered one included, is checked.
    public func isSatisfied(_ choice: ConditionChoice, byEncodedRow row: UnsafeBufferPointer<Float>) -> Bool {
        let block = blocks[choice.block]
        guard argmax(row, from: block.start, count: block.length) == choice.entry else { return false }
        guard block.role == .label else { return true }
        // The column's blocks are contiguous: its labels, then its missing indicator if nullable.
        var next = choice.block + 1
        while next < blocks.count && blocks[next].columnName == block.columnName {
            if blocks[next].role == .missingIndicator {
                return argmax(row, from: blocks[next].start, count: blocks[next].length) == 0
            }
            next += 1
        }
        return true
    }

    /// For a label condition on a nullable multilabel column, the block that must also say
    /// "present": a missing cell decodes with no labels at all, so a row whose label block says
    /// present but whose cell is missing does not carry the label. Nil for other conditions.
    public func presenceBlock(for choice: ConditionChoice, in transformer: DataTransformer) -> DiscreteBlock? {
        let block = blocks[choice.block]
        guard block.role == .label else { return nil }
        return transformer.missingIndicator(ofColumn: block.column)
    }

    private static func booleanName(_ value: String, block: DiscreteBlock) -> String? {
        guard block.valueNames.starts(with: ["false", "true"]) else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes", "t", "y": return "true"
        case "false", "0", "no", "f", "n": return "false"
        default: return nil
        }
    }
}
