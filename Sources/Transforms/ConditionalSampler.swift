#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileGANRandom

/// CTGAN's training-by-sampling: conditional vectors that make the generator cover every category,
/// and real rows that match them.
///
/// Each step picks a conditionable block (a categorical or boolean column, or one label of a
/// multilabel column; see ``DiscreteBlock/isConditionable``) uniformly, then one of its entries
/// with probability ∝ log(1 + frequency), so rare categories are seen far more often than their
/// share while common ones still dominate. The conditional vector is the one-hot of that choice
/// over all conditionable entries (width ``conditionWidth``).
///
/// Under differential privacy use ``CategoryFrequencies/uniform`` or
/// ``CategoryFrequencies/noisyCounts(_:)``, don't build a real-row index, and read each real row's
/// condition off the row itself (``readConditions(fromEncodedRows:rows:rng:)``): record selection
/// (the Poisson sample) is then decoupled from conditioning.
public struct ConditionalSampler: Sendable {
    /// The conditionable blocks of the transformer, in row order.
    public let blocks: [DiscreteBlock]
    /// Where each block's entries start in the conditional vector.
    public let conditionOffsets: [Int]
    /// The width of a conditional vector: the total number of conditionable entries.
    public let conditionWidth: Int
    /// The probability of each entry given its block was picked, for training (log-frequency law).
    public let probabilities: [[Double]]
    /// The probability of each entry given its block was picked, for generation: the entries' plain
    /// frequencies (CTGAN feeds the generator conditions at their original rates when sampling, so
    /// the marginals come out right). Uniform under ``CategoryFrequencies/uniform``; the clipped noisy
    /// counts under ``CategoryFrequencies/noisyCounts(_:)``.
    public let generationProbabilities: [[Double]]
    /// Where the frequencies came from.
    public let frequencyMode: CategoryFrequencies.Mode
    /// The width of the encoded rows the blocks index into (``DataTransformer/width``).
    public let rowWidth: Int
    /// For each block and entry, the real rows having it (only with a real-row index).
    let rowsByEntry: [[[Int32]]]?
    let realRowCount: Int

    /// Creates a sampler over `transformer`'s conditionable blocks.
    /// - Parameters:
    ///   - frequencies: where the category law comes from (see ``CategoryFrequencies``).
    ///   - realRows: the encoded training rows, to index for ``sampleRealRows(for:rng:)``; pass
    ///     nil under differential privacy.
    public init(transformer: DataTransformer, frequencies: CategoryFrequencies,
                realRows: EncodedBatch? = nil) throws(TransformError) {
        let blocks = transformer.conditionableBlocks
        self.blocks = blocks
        var offsets: [Int] = []
        var width = 0
        for block in blocks {
            offsets.append(width)
            width += block.length
        }
        conditionOffsets = offsets
        conditionWidth = width
        frequencyMode = frequencies.mode
        rowWidth = transformer.width

        switch frequencies {
        case .uniform:
            probabilities = blocks.map { [Double](repeating: 1 / Double($0.length), count: $0.length) }
            generationProbabilities = probabilities
        case .exact(let encoded):
            try Self.checkWidth(encoded, transformer)
            let counts = Self.categoryCounts(in: encoded, blocks: blocks)
            probabilities = counts.map { Self.logFrequencyLaw($0, smoothing: 0) }
            generationProbabilities = counts.map { Self.frequencyLaw($0) }
        case .noisyCounts(let counts):
            guard counts.count == blocks.count, zip(counts, blocks).allSatisfy({ $0.count == $1.length }) else {
                throw TransformError(column: nil, message: "noisy counts must give one array per conditionable block (\(blocks.count)) with one count per entry")
            }
            let clipped = counts.map { $0.map { max(0, $0) } }
            probabilities = clipped.map { Self.logFrequencyLaw($0, smoothing: CategoryFrequencies.noisySmoothing) }
            generationProbabilities = clipped.map { Self.frequencyLaw($0) }
        }

        if let realRows {
            try Self.checkWidth(realRows, transformer)
            rowsByEntry = Self.index(realRows, blocks: blocks)
            realRowCount = realRows.rows
        } else {
            rowsByEntry = nil
            realRowCount = 0
        }
    }

    /// Whether ``sampleRealRows(for:rng:)`` is available.
    public var hasRealRowIndex: Bool { rowsByEntry != nil }

    /// The exact count of every conditionable entry in encoded rows (a row counts once in every
    /// block). The privacy layer noises these for ``CategoryFrequencies/noisyCounts(_:)``: adding
    /// or removing one row changes one count per block by 1, so the L2 sensitivity is √(blocks).
    public static func categoryCounts(in encoded: EncodedBatch, blocks: [DiscreteBlock]) -> [[Double]] {
        encoded.values.withUnsafeBufferPointer { values in
            blocks.map { block in
                var counts = [Double](repeating: 0, count: block.length)
                for r in 0..<encoded.rows { counts[argmax(values, from: r * encoded.width + block.start, count: block.length)] += 1 }
                return counts
            }
        }
    }

    /// p_j ∝ log(1 + count_j), mixed with `smoothing` of the uniform law; uniform if all counts are 0.
    static func logFrequencyLaw(_ counts: [Double], smoothing: Double) -> [Double] {
        let logs = counts.map { log1p($0) }
        let total = logs.reduce(0, +)
        let uniform = 1 / Double(counts.count)
        guard total > 0 else { return [Double](repeating: uniform, count: counts.count) }
        return logs.map { (1 - smoothing) * $0 / total + smoothing * uniform }
    }

    /// p_j ∝ count_j; uniform if all counts are 0.
    static func frequencyLaw(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return [Double](repeating: 1 / Double(counts.count), count: counts.count) }
        return counts.map { $0 / total }
    }

    private static func index(_ encoded: EncodedBatch, blocks: [DiscreteBlock]) -> [[[Int32]]] {
        encoded.values.withUnsafeBufferPointer { values in
            blocks.map { block in
                var lists = [[Int32]](repeating: [], count: block.length)
                for r in 0..<encoded.rows {
                    lists[argmax(values, from: r * encoded.width + block.start, count: block.length)].append(Int32(r))
                }
                return lists
            }
        }
    }

    private static func checkWidth(_ encoded: EncodedBatch, _ transformer: DataTransformer) throws(TransformError) {
        guard encoded.width == transformer.width else {
            throw TransformError(column: nil, message: "encoded rows have width \(encoded.width); the transformer's width is \(transformer.width)")
        }
    }
}

extension ConditionalSampler {
    /// Draws `batch` conditions by training-by-sampling (uniform block, log-frequency entry).
    public func sampleConditions(batch: Int, rng: inout some RandomNumberGenerator) -> ConditionBatch {
        sample(batch: batch, law: probabilities, rng: &rng)
    }

    /// Draws `batch` conditions for unconditional generation (uniform block, entry at its plain
    /// frequency; see ``generationProbabilities``).
    public func sampleGenerationConditions(batch: Int, rng: inout some RandomNumberGenerator) -> ConditionBatch {
        sample(batch: batch, law: generationProbabilities, rng: &rng)
    }

    private func sample(batch: Int, law: [[Double]], rng: inout some RandomNumberGenerator) -> ConditionBatch {
        guard !blocks.isEmpty else { return makeBatch([], rows: batch) }
        let choices = (0..<batch).map { _ in
            let block = rng.nextIndex(below: blocks.count)
            return ConditionChoice(block: block, entry: draw(law[block], total: 1, rng: &rng) ?? 0)
        }
        return makeBatch(choices, rows: batch)
    }

    /// For each choice, the index of a real row having it, uniformly among those rows. A choice no
    /// real row has (possible only with uniform or noisy frequencies) gets a uniformly random row.
    /// Requires the real-row index (``init(transformer:frequencies:realRows:)`` with `realRows`).
    public func sampleRealRows(for choices: [ConditionChoice], rng: inout some RandomNumberGenerator) -> [Int] {
        guard let rowsByEntry else { preconditionFailure("sampleRealRows needs a sampler built with realRows") }
        return choices.map { choice in
            let rows = rowsByEntry[choice.block][choice.entry]
            return rows.isEmpty ? rng.nextIndex(below: realRowCount) : Int(rows[rng.nextIndex(below: rows.count)])
        }
    }

    /// Conditions read off real encoded rows themselves (the DP path): for each row a block is
    /// picked uniformly and the row's own entry in it becomes the condition. No frequencies involved.
    /// `encoded` holds `rows` rows of ``rowWidth`` values.
    public func readConditions(fromEncodedRows encoded: UnsafeBufferPointer<Float>, rows: Int,
                               rng: inout some RandomNumberGenerator) -> ConditionBatch {
        precondition(encoded.count >= rows * rowWidth, "the buffer needs rows × rowWidth entries")
        guard !blocks.isEmpty else { return makeBatch([], rows: rows) }
        let width = rowWidth
        let choices = (0..<rows).map { r in
            let block = rng.nextIndex(below: blocks.count)
            return ConditionChoice(block: block, entry: argmax(encoded, from: r * width + blocks[block].start, count: blocks[block].length))
        }
        return makeBatch(choices, rows: rows)
    }

    /// Conditions for the given choices, in order (for fixed conditions at generation time, or to
    /// rebuild vectors).
    public func conditions(_ choices: [ConditionChoice]) -> ConditionBatch {
        makeBatch(choices, rows: choices.count)
    }

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
    /// the chosen one. For rejection sampling when several conditions are asked for at once.
    public func isSatisfied(_ choice: ConditionChoice, byEncodedRow row: UnsafeBufferPointer<Float>) -> Bool {
        let block = blocks[choice.block]
        return argmax(row, from: block.start, count: block.length) == choice.entry
    }

    private static func booleanName(_ value: String, block: DiscreteBlock) -> String? {
        guard block.valueNames.starts(with: ["false", "true"]) else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes", "t", "y": return "true"
        case "false", "0", "no", "f", "n": return "false"
        default: return nil
        }
    }

    private func makeBatch(_ choices: [ConditionChoice], rows: Int) -> ConditionBatch {
        var vectors = [Float](repeating: 0, count: rows * conditionWidth)
        var mask = [Float](repeating: 0, count: rows * blocks.count)
        for (r, choice) in choices.enumerated() {
            vectors[r * conditionWidth + conditionOffsets[choice.block] + choice.entry] = 1
            mask[r * blocks.count + choice.block] = 1
        }
        return ConditionBatch(rows: rows, conditionWidth: conditionWidth, vectors: vectors, choices: choices,
                              mask: mask, blockCount: blocks.count)
    }
}
