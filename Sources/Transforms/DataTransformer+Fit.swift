import ProfileGANRandom
import ProfileGANSchema

extension DataTransformer {
    /// Fits the transformer to a table: a Gaussian mixture per continuous column (``ContinuousEncoding/vgm``),
    /// vocabularies from the schema or else from the table, and (if `options.learnDecimals`) each
    /// continuous column's decimal places. **Reads private data; not differentially private** — under
    /// DP use ``init(publicSchema:options:continuousHistograms:rng:)``.
    public init(fitting table: Table, options: TransformerOptions = TransformerOptions(),
                rng: inout some RandomNumberGenerator) throws(TransformError) {
        var transforms: [ColumnTransform] = []
        for (column, values) in zip(table.schema.columns, table.columns) {
            switch (column.kind, values) {
            case (.id, _):
                transforms.append(.id(name: column.name))
            case (.pii(let shape), _):
                transforms.append(.pii(name: column.name, shape: shape))
            case (let kind, .continuous(let samples)) where kind.numericRange != nil:
                // Continuous and datetime columns (an instant is learned as seconds since the epoch).
                let (lower, upper, integer) = kind.numericRange!
                let normalization: ContinuousTransform.Normalization
                switch options.continuous {
                case .minmax:
                    let bounds = try Self.publicBounds(column, lower: lower, upper: upper)
                    normalization = .minMax(lower: bounds.lowerBound, upper: bounds.upperBound)
                case .vgm:
                    let mixture = VariationalGaussianMixture.fit(
                        samples: samples, options: options.mixture, fallbackRange: Self.range(lower, upper), rng: &rng)
                    let present = samples.filter { !$0.isNaN }
                    // Cover every training value, so each one decodes back (see GaussianMixture.covering).
                    normalization = .modeSpecific(present.isEmpty ? mixture : mixture.covering(present.min()!...present.max()!))
                }
                let decimals = options.learnDecimals && !integer ? ContinuousTransform.decimalPlaces(of: samples) : nil
                transforms.append(.continuous(ContinuousTransform(
                    name: column.name, normalization: normalization, lowerBound: lower, upperBound: upper,
                    integer: integer, decimals: decimals, nullable: column.nullable)))
            case (.categorical(let categories), .categorical(let codes, let seen)):
                transforms.append(.discrete(Self.categorical(
                    column, categories: categories ?? seen, codes: codes, seen: seen, limit: options.maxOneHotCategories)))
            case (.boolean, _):
                transforms.append(.discrete(DiscreteTransform(
                    name: column.name, isBoolean: true, categories: ["false", "true"], nullable: column.nullable)))
            case (.multilabel(let labels, _), .multilabel(_, _, let seen)):
                transforms.append(.multilabel(MultilabelTransform(
                    name: column.name, labels: labels ?? seen, nullable: column.nullable)))
            default:
                throw TransformError(column: column.name, message: "the table's values do not match the schema's column type \(column.kind.typeName)")
            }
        }
        var combinations: [CombinationLaw] = []
        for case .fixedCombinations(let parent, let child) in table.schema.constraints {
            guard let p = table.schema.columnIndex(named: parent), let c = table.schema.columnIndex(named: child),
                  case .discrete(let parentTransform) = transforms[p], case .discrete(let childTransform) = transforms[c] else { continue }
            combinations.append(CombinationLaw.fit(table, parent: p, child: c, parentCategories: parentTransform.categories,
                                                   childCategories: childTransform.categories))
        }
        self.init(schema: table.schema, options: options, columns: transforms, isPublic: false, combinations: combinations)
    }

    /// Builds the transformer from public information only — the schema's bounds, categories and
    /// labels, plus (for ``ContinuousEncoding/vgm``) one histogram per continuous column that the
    /// caller has already made differentially private and charged (see ``WeightedHistogram``).
    /// Never reads a private row; decimals are not learned (integer columns still round).
    ///
    /// Errors name the column and what to add: bounds for continuous columns, `categories` for
    /// categorical and `labels` for multilabel columns, or a histogram for a vgm column.
    public init(publicSchema schema: DatasetSchema, options: TransformerOptions = TransformerOptions(),
                continuousHistograms: [String: WeightedHistogram] = [:],
                rng: inout some RandomNumberGenerator) throws(TransformError) {
        var transforms: [ColumnTransform] = []
        for column in schema.columns {
            switch column.kind {
            case .id:
                transforms.append(.id(name: column.name))
            case .pii(let shape):
                transforms.append(.pii(name: column.name, shape: shape))
            case let kind where kind.numericRange != nil:
                let (lower, upper, integer) = kind.numericRange!
                let bounds = try Self.publicBounds(column, lower: lower, upper: upper)
                var normalization = ContinuousTransform.Normalization.minMax(lower: bounds.lowerBound, upper: bounds.upperBound)
                if options.continuous == .vgm {
                    guard let histogram = continuousHistograms[column.name] else {
                        throw TransformError(column: column.name, message: "mode-specific normalization under differential privacy needs a noisy histogram of this column (charged to the budget), or use the minmax encoding")
                    }
                    let mixture = VariationalGaussianMixture.fit(
                        histogram.weightedPoints, options: options.mixture, fallbackRange: bounds, rng: &rng)
                    // Without seeing the data, cover the whole public range.
                    normalization = .modeSpecific(mixture.covering(bounds))
                }
                transforms.append(.continuous(ContinuousTransform(
                    name: column.name, normalization: normalization, lowerBound: lower, upperBound: upper,
                    integer: integer, decimals: nil, nullable: column.nullable)))
            case .categorical(let categories):
                guard let categories else {
                    throw TransformError(column: column.name, message: "add \"categories\" to the schema: under differential privacy the categories must be public, not read from the data")
                }
                transforms.append(.discrete(DiscreteTransform(
                    name: column.name, isBoolean: false, categories: categories, nullable: column.nullable)))
            case .boolean:
                transforms.append(.discrete(DiscreteTransform(
                    name: column.name, isBoolean: true, categories: ["false", "true"], nullable: column.nullable)))
            case .multilabel(let labels, _):
                guard let labels else {
                    throw TransformError(column: column.name, message: "add \"labels\" to the schema: under differential privacy the labels must be public, not read from the data")
                }
                transforms.append(.multilabel(MultilabelTransform(name: column.name, labels: labels, nullable: column.nullable)))
            case .continuous, .datetime:
                preconditionFailure("numeric kinds are handled above")
            }
        }
        for case .fixedCombinations(let parent, let child) in schema.constraints {
            throw TransformError(column: child, message: "the fixed_combinations constraint (\(parent), \(child)) reads its allowed pairs from the data, which differential privacy does not allow yet; remove it for a DP fit")
        }
        var publicOptions = options
        publicOptions.learnDecimals = false
        self.init(schema: schema, options: publicOptions, columns: transforms, isPublic: true)
    }

    /// One-hot over every category, or — above `limit` categories — over the `limit − 1` most
    /// frequent ones plus a rare bucket holding the rest with their counts.
    private static func categorical(_ column: ColumnSchema, categories: [String], codes: [Int32], seen: [String],
                                    limit: Int?) -> DiscreteTransform {
        guard let limit, limit >= 2, categories.count > limit else {
            return DiscreteTransform(name: column.name, isBoolean: false, categories: categories, nullable: column.nullable)
        }
        // Counts per schema category: the table's codes index `seen`, which may be ordered differently.
        let position = Dictionary(categories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let toSchema = seen.map { position[$0] ?? -1 }
        var counts = [Int](repeating: 0, count: categories.count)
        for code in codes where code >= 0 {
            let category = toSchema[Int(code)]
            if category >= 0 { counts[category] += 1 }
        }
        let byFrequency = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let kept = Set(byFrequency.prefix(limit - 1))
        let oneHot = counts.indices.filter { kept.contains($0) }.map { Int32($0) }
        let rare = RareCategories(counts: counts.indices.filter { !kept.contains($0) }.map { (Int32($0), counts[$0]) })
        return DiscreteTransform(name: column.name, isBoolean: false, categories: categories, nullable: column.nullable,
                                 oneHot: oneHot, rare: rare)
    }

    private static func publicBounds(_ column: ColumnSchema, lower: Double?, upper: Double?) throws(TransformError) -> ClosedRange<Double> {
        guard let lower, let upper else {
            throw TransformError(column: column.name, message: "the minmax encoding (and differential privacy) needs \"min\" and \"max\" for this column in the schema")
        }
        return lower...upper
    }

    private static func range(_ lower: Double?, _ upper: Double?) -> ClosedRange<Double>? {
        guard let lower, let upper else { return nil }
        return lower...upper
    }
}
