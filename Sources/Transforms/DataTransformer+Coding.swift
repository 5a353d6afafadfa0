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
        precondition(values.count >= rows * width, "the buffer needs rows × width entries")
        var decoded = columns.enumerated().map { index, column in
            column.decode(values, rows: rows, stride: width, offset: columnOffsets[index], firstID: firstID, freshSeed: freshSeed)
        }
        var repairs: [Int] = []
        for constraint in schema.constraints {
            switch constraint {
            case .fixedCombinations(let parent, let child, _):
                guard let law = combinations.first(where: { schema.columns[$0.parent].name == parent && schema.columns[$0.child].name == child }),
                      case .categorical(let parentCodes, _) = decoded[law.parent],
                      case .categorical(var childCodes, let categories) = decoded[law.child] else { repairs.append(0); continue }
                let key = FreshValueGenerator.key(seed: freshSeed, column: "constraint " + child)
                repairs.append(law.repair(parentCodes: parentCodes, childCodes: &childCodes) { row in
                    Double(FreshValueGenerator.mix(key ^ UInt64(firstID + row)) >> 11) * 0x1p-53
                })
                decoded[law.child] = .categorical(codes: childCodes, categories: categories)
            case .inequality(let low, let high):
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
        return (Table(schema: schema, columns: decoded), repairs)
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
