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
    /// Under ``CategoryFrequencies/noisyCounts(_:)`` with integer counts (the DP path's discrete
    /// Gaussian releases): the released integers themselves, kept in the model so that what was
    /// published is exactly those integers (the laws above are a deterministic function of them).
    public let releasedCounts: [[Int]]?
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
        (conditionOffsets, conditionWidth) = Self.conditionLayout(blocks)
        frequencyMode = frequencies.mode
        rowWidth = transformer.width

        switch frequencies {
        case .uniform:
            probabilities = blocks.map { [Double](repeating: 1 / Double($0.length), count: $0.length) }
            generationProbabilities = probabilities
            releasedCounts = nil
        case .exact(let encoded):
            releasedCounts = nil
            try Self.checkWidth(encoded, transformer)
            let counts = Self.categoryCounts(in: encoded, blocks: blocks)
            probabilities = counts.map { Self.logFrequencyLaw($0, smoothing: 0) }
            generationProbabilities = counts.map { Self.frequencyLaw($0) }
        case .noisyCounts(let counts):
            guard counts.count == blocks.count, zip(counts, blocks).allSatisfy({ $0.count == $1.length }) else {
                throw TransformError(column: nil, message: "noisy counts must give one array per conditionable block (\(blocks.count)) with one count per entry")
            }
            let integral = counts.allSatisfy { $0.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 } }
            releasedCounts = integral ? counts.map { $0.map { Int($0) } } : nil
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

    /// Where each block starts in the conditional vector, and the vector's width.
    static func conditionLayout(_ blocks: [DiscreteBlock]) -> (offsets: [Int], width: Int) {
        var offsets: [Int] = []
        var width = 0
        for block in blocks {
            offsets.append(width)
            width += block.length
        }
        return (offsets, width)
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
