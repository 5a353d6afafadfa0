import ProfileGANRandom
import ProfileGANSchema

extension DataTransformer {
    /// Encodes every row of `table` (see the type's documentation for the layout). `rng` draws the
    /// modes under ``ModeAssignment/sampled``.
    public func encode(_ table: Table, rng: inout some RandomNumberGenerator) throws(TransformError) -> EncodedBatch {
        var values = [Float](repeating: 0, count: table.rowCount * width)
        try values.withUnsafeMutableBufferPointer { (buffer) throws(TransformError) in
            try encode(table, rows: 0..<table.rowCount, into: buffer, rng: &rng)
        }
        return EncodedBatch(rows: table.rowCount, width: width, values: values)
    }

    /// ``encode(_:rng:)-(_,some RandomNumberGenerator)`` with the generator fits use: a concrete
    /// entry point, so the per-cell loops are specialized inside this module. Called through the
    /// generic one from another module they were not, and a 100,000-row fit spent 7% of its time
    /// looking up generic metadata in the encoding loops (docs/PERFORMANCE.md, "Scale").
    public func encode(_ table: Table, rng: inout SeededGenerator) throws(TransformError) -> EncodedBatch {
        var values = [Float](repeating: 0, count: table.rowCount * width)
        try values.withUnsafeMutableBufferPointer { (buffer) throws(TransformError) in
            try encode(table, rows: 0..<table.rowCount, into: buffer, rng: &rng)
        }
        return EncodedBatch(rows: table.rowCount, width: width, values: values)
    }

    /// Encodes the rows `rows` of `table` (in that order, repeats allowed) into the first
    /// `rows.count × width` entries of `buffer`, row-major. Overwrites those entries (no need to
    /// zero them first); allocates nothing proportional to the batch besides vocabulary maps.
    public func encode(_ table: Table, rows: some Collection<Int>, into buffer: UnsafeMutableBufferPointer<Float>,
                       rng: inout some RandomNumberGenerator) throws(TransformError) {
        precondition(buffer.count >= rows.count * width, "the buffer needs rows × width entries")
        try checkCompatible(table.schema)
        let used = UnsafeMutableBufferPointer(rebasing: buffer[0..<(rows.count * width)])
        used.update(repeating: 0)
        for (index, column) in columns.enumerated() {
            try column.encode(table.columns[index], rows: rows, into: used, stride: width, offset: columnOffsets[index],
                              assignment: options.modeAssignment, rng: &rng)
        }
    }

    /// Decodes `rows` encoded rows (row-major, ``width`` values each: data or generator output) into
    /// a table with this transformer's schema. One-hot blocks decode to their largest entry,
    /// scalars are clipped to [−1, 1], continuous values are clamped to the schema's bounds and
    /// rounded (integers; learned decimals). Id columns get `firstID`, `firstID + 1`, …; give each
    /// shard its own range. `pii` columns get fresh values numbered by the same row ids, drawn from
    /// `freshSeed` (the generation seed), so they are reproducible and unique across batches.
    public func decode(_ values: [Float], rows: Int, firstID: Int = 1, freshSeed: UInt64 = 0) -> Table {
        values.withUnsafeBufferPointer { decode($0, rows: rows, firstID: firstID, freshSeed: freshSeed) }
    }

    /// Decodes from a buffer (see ``decode(_:rows:firstID:freshSeed:)-([Float],_,_,_)``).
    public func decode(_ values: UnsafeBufferPointer<Float>, rows: Int, firstID: Int = 1, freshSeed: UInt64 = 0) -> Table {
        decodeReportingRepairs(values, rows: rows, firstID: firstID, freshSeed: freshSeed).table
    }

    /// Decodes like ``decode(_:rows:firstID:freshSeed:)-(UnsafeBufferPointer<Float>,_,_,_)`` and says how many
    /// rows each schema constraint repaired (in `schema.constraints` order): a child category never
    /// seen with its parent is redrawn among the parent's children (by training frequency, from
    /// the seed and row id), and `high < low` swaps the two values. Every returned row keeps every
    /// constraint.
    public func decodeReportingRepairs(_ values: UnsafeBufferPointer<Float>, rows: Int, firstID: Int = 1,
                                       freshSeed: UInt64 = 0) -> (table: Table, repairs: [Int]) {
        let decoded = decodeReportingConstraints(values, rows: rows, firstID: firstID, freshSeed: freshSeed)
        return (decoded.table, decoded.repairs)
    }

    /// Decodes like ``decodeReportingRepairs(_:rows:firstID:freshSeed:)``, and also says, per
    /// constraint, how many rows had their child drawn within their parent.
    ///
    /// A `fixed_combinations` child with a rare bucket is decoded after its parent: a `(rare)`
    /// child is drawn among the rare children allowed with the row's decoded parent, by the
    /// constraint's weights (training counts; under DP noisy counts or uniform), with the row's
    /// usual rare-draw number — so it is consistent by construction and `drawnWithinParent`
    /// counts it. Only a child the network singled out itself (its own one-hot entry) that
    /// disagrees with the parent is repaired — among the parent's singled-out children, keeping
    /// the network's choice between a frequent and a rare child (``ChildBuckets``) — or a `(rare)`
    /// child of a parent that has no rare child.
    public func decodeReportingConstraints(_ values: UnsafeBufferPointer<Float>, rows: Int, firstID: Int = 1,
                                           freshSeed: UInt64 = 0) -> (table: Table, repairs: [Int], drawnWithinParent: [Int]) {
        precondition(values.count >= rows * width, "the buffer needs rows × width entries")
        // Children drawn within their parent keep their `(rare)` cells undrawn until the parent is known.
        let deferred = Set(zip(combinations, childBuckets).compactMap { $1 == nil ? nil : $0.child })
        var decoded = columns.enumerated().map { index, column in
            if deferred.contains(index), case .discrete(let t) = column {
                return t.values(t.decodeCodes(values, rows: rows, stride: width, offset: columnOffsets[index]))
            }
            return column.decode(values, rows: rows, stride: width, offset: columnOffsets[index], firstID: firstID, freshSeed: freshSeed)
        }
        var undrawn = deferred
        /// Draws the undrawn `(rare)` cells of column `index`, within `parentCodes` by `buckets` when given.
        func drawRare(_ index: Int, within buckets: ChildBuckets?, parentCodes: [Int32] = []) -> Int {
            guard undrawn.remove(index) != nil, case .discrete(let t) = columns[index],
                  case .categorical(var codes, let categories) = decoded[index] else { return 0 }
            let drawn = t.drawRare(&codes, firstID: firstID, freshSeed: freshSeed) { row in
                buckets.flatMap { parentCodes.isEmpty ? nil : $0.rareLaw(forParent: parentCodes[row]) }
            }
            decoded[index] = .categorical(codes: codes, categories: categories)
            return drawn
        }
        var repairs: [Int] = [], drawnWithinParent: [Int] = []
        for constraint in schema.constraints {
            switch constraint {
            case .fixedCombinations(let parent, let child, _):
                guard let k = combinations.firstIndex(where: { schema.columns[$0.parent].name == parent && schema.columns[$0.child].name == child })
                else { repairs.append(0); drawnWithinParent.append(0); continue }
                let law = combinations[k]
                _ = drawRare(law.parent, within: nil)  // a parent that is itself an undrawn child (constraints listed child first)
                guard case .categorical(let parentCodes, _) = decoded[law.parent] else { repairs.append(0); drawnWithinParent.append(0); continue }
                drawnWithinParent.append(drawRare(law.child, within: childBuckets[k], parentCodes: parentCodes))
                guard case .categorical(var childCodes, let categories) = decoded[law.child] else { repairs.append(0); continue }
                let key = FreshValueGenerator.key(seed: freshSeed, column: "constraint " + child)
                repairs.append(law.repair(parentCodes: parentCodes, childCodes: &childCodes, buckets: childBuckets[k]) { row in
                    Double(FreshValueGenerator.mix(key ^ UInt64(firstID + row)) >> 11) * 0x1p-53
                })
                decoded[law.child] = .categorical(codes: childCodes, categories: categories)
            case .inequality(let low, let high):
                drawnWithinParent.append(0)
                guard let l = schema.columnIndex(named: low), let h = schema.columnIndex(named: high),
                      case .continuous(var lows) = decoded[l], case .continuous(var highs) = decoded[h] else { repairs.append(0); continue }
                var swapped = 0
                for row in 0..<rows where highs[row] < lows[row] {  // false when either is missing (NaN)
                    (lows[row], highs[row]) = (highs[row], lows[row])
                    swapped += 1
                }
                decoded[l] = .continuous(lows)
                decoded[h] = .continuous(highs)
                repairs.append(swapped)
            }
        }
        for index in undrawn { _ = drawRare(index, within: nil) }
        return (Table(schema: schema, columns: decoded), repairs, drawnWithinParent)
    }

    private func checkCompatible(_ other: DatasetSchema) throws(TransformError) {
        guard other.columns.count == schema.columns.count else {
            throw TransformError(column: nil, message: "the table has \(other.columns.count) columns; the transformer was fitted for \(schema.columns.count)")
        }
        for (mine, theirs) in zip(schema.columns, other.columns)
        where mine.name != theirs.name || mine.kind.typeName != theirs.kind.typeName {
            throw TransformError(column: theirs.name, message: "the table's column (\(theirs.kind.typeName)) does not match the transformer's column \"\(mine.name)\" (\(mine.kind.typeName))")
        }
    }
}
