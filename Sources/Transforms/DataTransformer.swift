import ProfileGANSchema

/// The reversible encoding of a profile table into the fixed-width `Float` rows a GAN learns from,
/// and back (CTGAN's data transformer; README.md in this folder shows the layout on an example).
///
/// Every schema column contributes a run of encoded columns, in schema order:
/// - continuous: ``ContinuousTransform`` (mode-specific normalization or min-max), plus a missing
///   indicator when nullable;
/// - categorical and boolean: a one-hot block (plus a missing category when nullable);
/// - multilabel: a two-way block per label (plus a missing indicator when nullable);
/// - id: nothing (decoding writes fresh sequential ids).
///
/// Two ways to obtain one:
/// - ``init(fitting:options:rng:)`` reads the private table (mixtures, vocabularies, decimals).
///   Not differentially private.
/// - ``init(publicSchema:options:continuousHistograms:rng:)`` reads only the schema and, for
///   mode-specific normalization, histograms the privacy layer has already noised and charged.
///   This is the constructor to use under differential privacy.
///
/// The fitted transformer is `Codable`; the model file stores it as JSON metadata, and a decoded
/// copy encodes and decodes identically.
public struct DataTransformer: Sendable, Equatable {
    /// The schema the transformer was fitted for; encoded and decoded tables use it.
    public let schema: DatasetSchema
    /// The options it was fitted with.
    public let options: TransformerOptions
    /// One fitted encoding per schema column, in schema order.
    public let columns: [ColumnTransform]
    /// Whether the transformer was built without reading any private row (see
    /// ``init(publicSchema:options:continuousHistograms:rng:)``).
    public let isPublic: Bool
    /// The fitted `fixed_combinations` constraints of the schema (decoding repairs rows by them).
    public let combinations: [CombinationLaw]
    /// Per entry of ``combinations``: when its child has a rare bucket, each parent's allowed
    /// children split by bucket, which decoded children are drawn and repaired within (derived).
    let childBuckets: [ChildBuckets?]

    /// The number of encoded values per row.
    public let width: Int
    /// Where each schema column's encoding starts in the row (width ``ColumnTransform/width``).
    public let columnOffsets: [Int]
    /// The generator's output activations, in row order, covering `0..<width` exactly.
    public let outputSegments: [OutputSegment]
    /// The data's discrete blocks (categories, labels, missing indicators), in row order.
    public let discreteBlocks: [DiscreteBlock]

    /// Assembles a transformer from fitted columns (the fitting constructors call this).
    public init(schema: DatasetSchema, options: TransformerOptions, columns: [ColumnTransform], isPublic: Bool,
                combinations: [CombinationLaw] = []) {
        precondition(columns.count == schema.columns.count, "one ColumnTransform per schema column")
        self.combinations = combinations
        childBuckets = combinations.map { law in
            guard law.child >= 0, law.child < columns.count, case .discrete(let child) = columns[law.child] else { return nil }
            return ChildBuckets(law: law, childTransform: child)
        }
        self.schema = schema
        self.options = options
        self.columns = columns
        self.isPublic = isPublic
        var offsets: [Int] = []
        var segments: [OutputSegment] = []
        var blocks: [DiscreteBlock] = []
        var offset = 0
        for (index, column) in columns.enumerated() {
            offsets.append(offset)
            segments += column.segments(startingAt: offset)
            blocks += column.discreteBlocks(column: index, startingAt: offset)
            offset += column.width
        }
        width = offset
        columnOffsets = offsets
        outputSegments = segments
        discreteBlocks = blocks
    }

    /// The discrete blocks the conditional sampler conditions on (see ``DiscreteBlock/isConditionable``).
    public var conditionableBlocks: [DiscreteBlock] { discreteBlocks.filter(\.isConditionable) }

    /// The one-hot span of the discrete column (categorical or boolean) called `name`.
    public func oneHotSpan(ofColumn name: String) -> Range<Int>? {
        discreteBlocks.first { $0.columnName == name && $0.role == .values }?.range
    }

    /// The largest decoding error of each continuous column's non-missing values before rounding
    /// (zero for columns whose decoding is exact). Rounded columns (integer or learned decimals)
    /// decode exactly as long as this is below half a unit of their last place.
    public var continuousPrecision: [String: Double] {
        var result: [String: Double] = [:]
        for case .continuous(let t) in columns { result[t.name] = t.precision }
        return result
    }
}

extension DataTransformer: Codable {
    private enum CodingKeys: String, CodingKey { case schema, options, columns, isPublic = "public", combinations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try c.decode(DatasetSchema.self, forKey: .schema)
        let columns = try c.decode([ColumnTransform].self, forKey: .columns)
        guard columns.count == schema.columns.count, zip(columns, schema.columns).allSatisfy({ $0.name == $1.name && $0.fits($1.kind) }) else {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: c, debugDescription: "the column encodings do not match the schema's columns")
        }
        self.init(schema: schema, options: try c.decode(TransformerOptions.self, forKey: .options),
                  columns: columns, isPublic: try c.decode(Bool.self, forKey: .isPublic),
                  combinations: try c.decodeIfPresent([CombinationLaw].self, forKey: .combinations) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(options, forKey: .options)
        try c.encode(columns, forKey: .columns)
        try c.encode(isPublic, forKey: .isPublic)
        if !combinations.isEmpty { try c.encode(combinations, forKey: .combinations) }
    }
}
