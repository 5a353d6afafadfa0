import ProfileGANRandom
import ProfileGANSchema

/// Turns a table into rows of small integers — one token per categorical variable — for a model
/// that learns the joint law column by column (``TokenColumn``), and tokens back into a table.
///
/// Built on a ``DataTransformer`` with the min-max encoding, so decoding reuses everything the GAN's
/// decoding does (ids, fresh `pii` values, the rare bucket's seeded draw, rounding, datetimes,
/// constraint repairs):
/// - categorical and boolean: the token is the one-hot entry (the rare bucket and the missing
///   category are tokens like any other);
/// - multilabel: for a nullable column first a `[present, missing]` token, then one
///   `[absent, present]` token per label;
/// - continuous and datetime: the quantile bin (``QuantileBins``, at most ``maxBins``) of the value,
///   plus a missing token when nullable; decoding draws within the bin (``QuantileBins/value(ofBin:unit:)``);
/// - id and pii: no token (not learned).
///
/// ``init(fitting:maxBins:)`` reads the table's values (not differentially private);
/// ``init(publicSchema:bins:categoryCounts:singleOutThreshold:)`` reads none.
public struct TableTokenizer: Sendable, Equatable, Codable {
    /// The underlying encoding (min-max scalars).
    public let transformer: DataTransformer
    /// The token columns, in the order a model should generate them.
    public let tokenColumns: [TokenColumn]

    /// The most bins a continuous column gets.
    public static let maxBins = 64

    /// The schema of the tables read and written.
    public var schema: DatasetSchema { transformer.schema }

    /// Each token column's number of tokens.
    public var vocabularySizes: [Int] { tokenColumns.map(\.vocabularySize) }

    /// Fits the tokenizer on `table` (reads every row; not DP): quantile bins of each continuous
    /// column's values, and the categories' one-hot layout (rare buckets by frequency).
    public init(fitting table: Table, maxBins: Int = TableTokenizer.maxBins) throws(TransformError) {
        var options = TransformerOptions(continuous: .minmax)
        options.learnDecimals = true
        var rng = SeededGenerator(seed: 0)  // min-max encoding draws nothing
        let transformer = try DataTransformer(fitting: table, options: options, rng: &rng)
        let encoded = try transformer.encode(table, rng: &rng)
        self.init(transformer: transformer) { offset, missing in
            var values: [Float] = []
            values.reserveCapacity(encoded.rows)
            for r in 0..<encoded.rows where missing.map({ encoded.values[r * encoded.width + $0 + 1] == 0 }) ?? true {
                values.append(encoded.values[r * encoded.width + offset])
            }
            return QuantileBins(fitting: values, maxBins: maxBins)
        }
    }

    /// A tokenizer that reads no row, for a differentially private fit: every continuous column
    /// gets `bins` equal-width bins between its schema `min` and `max` (required), categories
    /// keep the schema's lists. A categorical column with more categories than
    /// ``TransformerOptions/maxOneHotCategories`` gets its rare bucket from `categoryCounts`
    /// (noisy, charged by the caller; see ``DataTransformer/init(publicSchema:options:continuousHistograms:categoryCounts:singleOutThreshold:rng:)``).
    ///
    /// A continuous column with a histogram in `histograms` (over its schema bounds; noisy and
    /// charged by the caller) gets bins of about equal mass cut from it instead
    /// (``QuantileBins/init(fittingHistogram:over:maxBins:)``).
    public init(publicSchema schema: DatasetSchema, bins: Int = TableTokenizer.maxBins, histograms: [String: WeightedHistogram] = [:],
                categoryCounts: [String: [Int]] = [:], singleOutThreshold: Double = 0) throws(TransformError) {
        precondition((1...TableTokenizer.maxBins).contains(bins), "bins out of range")
        var rng = SeededGenerator(seed: 0)  // min-max encoding draws nothing
        let transformer = try DataTransformer(publicSchema: schema, options: TransformerOptions(continuous: .minmax),
                                              categoryCounts: categoryCounts, singleOutThreshold: singleOutThreshold, rng: &rng)
        let equalWidth = QuantileBins(equalWidthOver: -1...1, count: bins)  // min-max scalars span [−1, 1]
        // Which column a scalar offset belongs to, to find its histogram.
        var names: [Int: String] = [:]
        for (index, column) in transformer.columns.enumerated() {
            if case .continuous(let t) = column { names[transformer.columnOffsets[index]] = t.name }
        }
        self.init(transformer: transformer) { offset, _ in
            guard let name = names[offset], let histogram = histograms[name] else { return equalWidth }
            // The histogram spans the schema bounds, which min-max maps onto [−1, 1].
            return QuantileBins(fittingHistogram: histogram.counts, over: -1...1, maxBins: bins)
        }
    }

    /// One token column per learned variable of `transformer`; `bins(scalarOffset, missingIndicator)`
    /// gives a continuous column's bins.
    private init(transformer: DataTransformer, bins: (Int, Int?) -> QuantileBins) {
        var columns: [TokenColumn] = []
        for (index, column) in transformer.columns.enumerated() {
            let offset = transformer.columnOffsets[index]
            let blocks = transformer.discreteBlocks.filter { $0.column == index }
            switch column {
            case .id, .pii:
                continue
            case .continuous(let t):
                let missing = blocks.first { $0.role == .missingIndicator }?.start
                columns.append(TokenColumn(column: index, name: t.name, source: .bins(
                    scalar: offset, bins: bins(offset, missing), missingIndicator: missing)))
            case .discrete, .multilabel:
                // The missing indicator first: labels of a missing cell carry nothing.
                let ordered = blocks.filter { $0.role == .missingIndicator } + blocks.filter { $0.role != .missingIndicator }
                for block in ordered {
                    columns.append(TokenColumn(column: index, name: block.displayName, source: .block(start: block.start, length: block.length)))
                }
            }
        }
        self.transformer = transformer
        self.tokenColumns = columns
    }

    /// The tokens of every row of `table`, row-major (`rows × tokenColumns.count`).
    public func encode(_ table: Table) throws(TransformError) -> [Int32] {
        var rng = SeededGenerator(seed: 0)
        let encoded = try transformer.encode(table, rng: &rng)
        let k = tokenColumns.count
        var tokens = [Int32](repeating: 0, count: encoded.rows * k)
        encoded.values.withUnsafeBufferPointer { values in
            for r in 0..<encoded.rows {
                let row = values.baseAddress! + r * encoded.width
                for (c, column) in tokenColumns.enumerated() {
                    tokens[r * k + c] = Int32(Self.token(of: column.source, in: row))
                }
            }
        }
        return tokens
    }

    static func token(of source: TokenColumn.Source, in row: UnsafePointer<Float>) -> Int {
        switch source {
        case .block(let start, let length):
            var best = 0
            for i in 1..<length where row[start + i] > row[start + best] { best = i }
            return best
        case .bins(let scalar, let bins, let missing):
            if let missing, row[missing + 1] > row[missing] { return bins.count }
            return bins.bin(of: row[scalar])
        }
    }

    /// Decodes `rows` token rows (row-major) into a table with ids from `firstID`; `freshSeed` seeds
    /// fresh `pii` values and rare-category draws, `rng` the uniform draws within bins. Also returns
    /// the rows each schema constraint repaired.
    public func decode(_ tokens: UnsafeBufferPointer<Int32>, rows: Int, firstID: Int = 1, freshSeed: UInt64 = 0,
                       rng: inout some RandomNumberGenerator) -> (table: Table, repairs: [Int]) {
        let encoded = encodedRows(tokens, rows: rows, rng: &rng)
        return encoded.withUnsafeBufferPointer {
            transformer.decodeReportingRepairs($0, rows: rows, firstID: firstID, freshSeed: freshSeed)
        }
    }

    /// The ``transformer``'s encoded rows (`rows × transformer.width`, one-hot blocks and min-max
    /// scalars) for `rows` token rows: what ``decode(_:rows:firstID:freshSeed:rng:)`` decodes, and what
    /// a `ConditionalSampler` over the transformer checks `--where` conditions on.
    public func encodedRows(_ tokens: UnsafeBufferPointer<Int32>, rows: Int, rng: inout some RandomNumberGenerator) -> [Float] {
        let k = tokenColumns.count, width = transformer.width
        precondition(tokens.count >= rows * k, "the buffer needs rows × tokenColumns.count tokens")
        var encoded = [Float](repeating: 0, count: rows * width)
        for r in 0..<rows {
            let base = r * width
            for (c, column) in tokenColumns.enumerated() {
                let token = Int(tokens[r * k + c])
                switch column.source {
                case .block(let start, let length):
                    encoded[base + start + min(max(token, 0), length - 1)] = 1
                case .bins(let scalar, let bins, let missing):
                    if let missing, token >= bins.count {
                        encoded[base + missing + 1] = 1
                        continue
                    }
                    if let missing { encoded[base + missing] = 1 }
                    encoded[base + scalar] = bins.value(ofBin: min(max(token, 0), bins.count - 1), unit: rng.nextUnitFloat())
                }
            }
        }
        return encoded
    }
}
