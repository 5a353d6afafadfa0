import ProfileGANNeural
import ProfileGANTransforms

/// A column of the encoded row whose marginal can be released and matched: a conditionable
/// one-hot block, or the scalar of a min-max continuous column cut into equal bins of [−1, 1]
/// (equal bins of the schema's bounds) — for a nullable column those bins plus one cell for the
/// rows its missing indicator marks missing.
struct MarginalColumn: Equatable {
    enum Kind: Equatable {
        case block(Range<Int>)
        case scalar(column: Int)
        /// A nullable min-max column: its scalar, and its `[present, missing]` indicator block.
        case nullableScalar(column: Int, indicator: Range<Int>)
    }

    let kind: Kind
    /// A readable name, for release purposes.
    let name: String

    /// The number of cells counted (and released) at a resolution of `bins` for scalars.
    func cellCount(bins: Int) -> Int {
        switch kind {
        case .block(let range): range.count
        case .scalar: bins
        case .nullableScalar: bins + 1
        }
    }

    /// The cells of a block or of a non-nullable scalar, as the batch loss reads them. (A
    /// nullable scalar is read through two views, its indicator and its scalar: ``targets(counts:bins:)``.)
    func cells(bins: Int) -> MarginalCells {
        switch kind {
        case .block(let range): .softmax(columns: range)
        case .scalar(let column), .nullableScalar(let column, _): .tanhBins(column: column, bins: bins)
        }
    }

    /// The cell of every encoded row (the one-hot entry, or the scalar's bin; a row marked
    /// missing in the last cell).
    func cellIndices(of encoded: EncodedBatch, bins: Int) -> [Int] {
        encoded.values.withUnsafeBufferPointer { values in
            (0..<encoded.rows).map { r in
                let row = r * encoded.width
                func bin(_ column: Int) -> Int {
                    min(max(Int(((values[row + column] + 1) / 2 * Float(bins)).rounded(.down)), 0), bins - 1)
                }
                switch kind {
                case .block(let range):
                    var best = range.lowerBound
                    for c in range where values[row + c] > values[row + best] { best = c }
                    return best - range.lowerBound
                case .scalar(let column):
                    return bin(column)
                case .nullableScalar(let column, let indicator):
                    return values[row + indicator.lowerBound + 1] > values[row + indicator.lowerBound] ? bins : bin(column)
                }
            }
        }
    }

    /// Exact counts of this column's cells (one-way), in cell order.
    func counts(of encoded: EncodedBatch, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: cellCount(bins: bins))
        for cell in cellIndices(of: encoded, bins: bins) { counts[cell] += 1 }
        return counts
    }

    /// Exact counts of the pair (self, other), row-major.
    func counts(with other: MarginalColumn, of encoded: EncodedBatch, bins: Int) -> [Int] {
        let width = other.cellCount(bins: bins)
        var counts = [Int](repeating: 0, count: cellCount(bins: bins) * width)
        for (a, b) in zip(cellIndices(of: encoded, bins: bins), other.cellIndices(of: encoded, bins: bins)) {
            counts[a * width + b] += 1
        }
        return counts
    }

    // MARK: Targets from released counts (post-processing)

    /// How the batch loss sees a released cell of this column: the whole column, or — nullable
    /// scalar — its indicator (`present` for every bin, `missing`) and its scalar bins, where a
    /// missing row counts as the scalar 0 it is encoded with (spread over the bins as the loss's
    /// kernel spreads a generated scalar 0), so the target is the encoded real rows' own
    /// indicator × scalar table and agrees with what the discriminator sees.
    private enum View {
        case whole, indicator, scalar
    }

    private var views: [View] {
        if case .nullableScalar = kind { [.indicator, .scalar] } else { [.whole] }
    }

    private func cells(_ view: View, bins: Int) -> MarginalCells {
        switch (view, kind) {
        case (.indicator, .nullableScalar(_, let indicator)): .softmax(columns: indicator)
        default: cells(bins: bins)
        }
    }

    /// `projection[cell]`: the view's cells a released cell adds to, and with what share.
    private func projection(_ view: View, bins: Int) -> [[(cell: Int, share: Double)]] {
        switch view {
        case .whole:
            return (0..<cellCount(bins: bins)).map { [($0, 1)] }
        case .indicator:
            return (0..<bins).map { _ in [(0, 1)] } + [[(1, 1)]]
        case .scalar:
            let zero = MarginalCells.tanhBins(column: 0, bins: bins).rowDistributions(of: Matrix(rows: 1, columns: 1))
            return (0..<bins).map { [($0, 1)] } + [zero.enumerated().filter { $0.element > 0 }.map { ($0.offset, Double($0.element)) }]
        }
    }

    /// The loss targets for this column's released one-way counts (noisy; clamped at 0 here):
    /// one over its cells; for a nullable scalar one two-way target, indicator × scalar.
    func targets(counts: [Double], bins: Int) -> [MarginalTarget] {
        precondition(counts.count == cellCount(bins: bins), "one count per cell")
        guard views.count == 2 else {
            return [MarginalTarget(first: cells(bins: bins), distribution: MarginalTargets.distribution(counts))]
        }
        let a = projection(.indicator, bins: bins), b = projection(.scalar, bins: bins)
        var joint = [Double](repeating: 0, count: 2 * bins)
        for (cell, count) in counts.enumerated() where count > 0 {
            for x in a[cell] { for y in b[cell] { joint[x.cell * bins + y.cell] += count * x.share * y.share } }
        }
        return [MarginalTarget(first: cells(.indicator, bins: bins), second: cells(.scalar, bins: bins),
                               distribution: MarginalTargets.distribution(joint))]
    }

    /// The loss targets for the released counts of the pair (self, `other`) (row-major; noisy,
    /// clamped at 0 here): one two-way target per pair of views — one for two blocks or plain
    /// scalars, while a nullable scalar contributes its indicator and its scalar.
    func targets(with other: MarginalColumn, counts: [Double], bins: Int) -> [MarginalTarget] {
        let rows = cellCount(bins: bins), width = other.cellCount(bins: bins)
        precondition(counts.count == rows * width, "one count per pair of cells")
        var result: [MarginalTarget] = []
        for viewA in views {
            let pa = projection(viewA, bins: bins), cellsA = cells(viewA, bins: bins)
            for viewB in other.views {
                let pb = other.projection(viewB, bins: bins), cellsB = other.cells(viewB, bins: bins)
                var joint = [Double](repeating: 0, count: cellsA.count * cellsB.count)
                for a in 0..<rows {
                    for b in 0..<width where counts[a * width + b] > 0 {
                        let count = counts[a * width + b]
                        for x in pa[a] { for y in pb[b] { joint[x.cell * cellsB.count + y.cell] += count * x.share * y.share } }
                    }
                }
                result.append(MarginalTarget(first: cellsA, second: cellsB, distribution: MarginalTargets.distribution(joint)))
            }
        }
        return result
    }

    /// The columns of `transformer` whose marginals can be released: its conditionable blocks in
    /// sampler order (but those of the columns in `excluding`), then the scalars of `scalarColumns`
    /// (names of min-max continuous columns; nullable ones with their missing cell).
    static func columns(of transformer: DataTransformer, scalarColumns: [String], excluding: Set<String> = []) -> [MarginalColumn] {
        var result = transformer.conditionableBlocks.filter { !excluding.contains($0.columnName) }
            .map { MarginalColumn(kind: .block($0.range), name: $0.displayName) }
        for (index, column) in transformer.columns.enumerated() {
            guard case .continuous(let transform) = column, scalarColumns.contains(transform.name) else { continue }
            guard case .minMax = transform.normalization else { preconditionFailure("marginal scalars need min-max encoding") }
            result.append(scalar(of: transform, at: transformer.columnOffsets[index]))
        }
        return result
    }

    /// The marginal column of a min-max continuous column encoded at `offset` (scalar, then the
    /// `[present, missing]` indicator when nullable).
    static func scalar(of transform: ContinuousTransform, at offset: Int) -> MarginalColumn {
        let kind: Kind = transform.nullable ? .nullableScalar(column: offset, indicator: (offset + 1)..<(offset + 3)) : .scalar(column: offset)
        return MarginalColumn(kind: kind, name: transform.name)
    }
}
