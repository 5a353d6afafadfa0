import ProfileGANNeural
import ProfileGANTransforms

/// A column of the encoded row whose marginal can be released and matched: a conditionable
/// one-hot block, or the scalar of a min-max continuous column cut into equal bins of [−1, 1]
/// (equal bins of the schema's bounds).
struct MarginalColumn: Equatable {
    enum Kind: Equatable {
        case block(Range<Int>)
        case scalar(column: Int)
    }

    let kind: Kind
    /// A readable name, for release purposes.
    let name: String

    /// The cells at a resolution of `bins` for scalars.
    func cells(bins: Int) -> MarginalCells {
        switch kind {
        case .block(let range): .softmax(columns: range)
        case .scalar(let column): .tanhBins(column: column, bins: bins)
        }
    }

    /// The cell of every encoded row (the one-hot entry, or the scalar's bin).
    func cellIndices(of encoded: EncodedBatch, bins: Int) -> [Int] {
        encoded.values.withUnsafeBufferPointer { values in
            (0..<encoded.rows).map { r in
                let row = r * encoded.width
                switch kind {
                case .block(let range):
                    var best = range.lowerBound
                    for c in range where values[row + c] > values[row + best] { best = c }
                    return best - range.lowerBound
                case .scalar(let column):
                    let bin = Int(((values[row + column] + 1) / 2 * Float(bins)).rounded(.down))
                    return min(max(bin, 0), bins - 1)
                }
            }
        }
    }

    /// Exact counts of this column's cells (one-way), in cell order.
    func counts(of encoded: EncodedBatch, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: cells(bins: bins).count)
        for cell in cellIndices(of: encoded, bins: bins) { counts[cell] += 1 }
        return counts
    }

    /// Exact counts of the pair (self, other), row-major.
    func counts(with other: MarginalColumn, of encoded: EncodedBatch, bins: Int) -> [Int] {
        let width = other.cells(bins: bins).count
        var counts = [Int](repeating: 0, count: cells(bins: bins).count * width)
        for (a, b) in zip(cellIndices(of: encoded, bins: bins), other.cellIndices(of: encoded, bins: bins)) {
            counts[a * width + b] += 1
        }
        return counts
    }

    /// The columns of `transformer` whose marginals can be released: its conditionable blocks in
    /// sampler order (but those of the columns in `excluding`), then the scalars of `scalarColumns`
    /// (names of min-max continuous columns).
    static func columns(of transformer: DataTransformer, scalarColumns: [String], excluding: Set<String> = []) -> [MarginalColumn] {
        var result = transformer.conditionableBlocks.filter { !excluding.contains($0.columnName) }
            .map { MarginalColumn(kind: .block($0.range), name: $0.displayName) }
        for (index, column) in transformer.columns.enumerated() {
            guard case .continuous(let transform) = column, scalarColumns.contains(transform.name) else { continue }
            guard case .minMax = transform.normalization else { preconditionFailure("marginal scalars need min-max encoding") }
            result.append(MarginalColumn(kind: .scalar(column: transformer.columnOffsets[index]), name: transform.name))
        }
        return result
    }
}
