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
        for case .fixedCombinations(let parent, let child, let pairs) in table.schema.constraints {
            guard let p = table.schema.columnIndex(named: parent), let c = table.schema.columnIndex(named: child),
                  case .discrete(let parentTransform) = transforms[p], case .discrete(let childTransform) = transforms[c] else { continue }
            combinations.append(CombinationLaw.fit(table, parent: p, child: c, parentCategories: parentTransform.categories,
                                                   childCategories: childTransform.categories, pairs: pairs))
        }
        self.init(schema: table.schema, options: options, columns: transforms, isPublic: false, combinations: combinations)
    }

    /// Builds the transformer from public information only — the schema's bounds, categories and
    /// labels, plus (for ``ContinuousEncoding/vgm``) one histogram per continuous column that the
    /// caller has already made differentially private and charged (see ``WeightedHistogram``).
    /// Never reads a private row; decimals are not learned (integer columns still round).
    ///
    /// A categorical column with more than ``TransformerOptions/maxOneHotCategories`` categories
    /// gets a rare bucket from `categoryCounts[name]` — its category counts (then, if nullable, the
    /// missing count), already noised and charged by the caller: the most frequent categories whose
    /// noisy count is at least `singleOutThreshold` keep their own entry, every other category is
    /// never singled out and is drawn within the bucket by its noisy count (clipped at 0). Without
    /// counts every category is in the bucket, drawn uniformly. A fixed_combinations constraint
    /// needs public `pairs`; a repaired child is drawn by the same noisy counts (or uniformly).
    ///
    /// Errors name the column and what to add: bounds for continuous columns, `categories` for
    /// categorical and `labels` for multilabel columns, a histogram for a vgm column, `pairs` or
    /// `pairs_file` for a fixed_combinations constraint.
    public init(publicSchema schema: DatasetSchema, options: TransformerOptions = TransformerOptions(),
                continuousHistograms: [String: WeightedHistogram] = [:],
                categoryCounts: [String: [Int]] = [:], singleOutThreshold: Double = 0,
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
                if let limit = options.maxOneHotCategories, limit >= 2, categories.count > limit {
                    transforms.append(.discrete(Self.privateCategorical(
                        column, categories: categories, noisyCounts: categoryCounts[column.name], threshold: singleOutThreshold, limit: limit)))
                } else {
                    transforms.append(.discrete(DiscreteTransform(
                        name: column.name, isBoolean: false, categories: categories, nullable: column.nullable)))
                }
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
        var combinations: [CombinationLaw] = []
        for case .fixedCombinations(let parent, let child, let pairs) in schema.constraints {
            guard let pairs else {
                throw TransformError(column: child, message: "the fixed_combinations constraint (\(parent), \(child)) has no public list of allowed pairs, and under differential privacy they cannot be read from the data: add \"pairs_file\": \"FILE.csv\" (a CSV file next to the schema with the header \(parent),\(child) and one allowed pair per line) or \"pairs\": [[\"\(parent) value\", \"\(child) value\"], …] to the constraint")
            }
            guard let p = schema.columnIndex(named: parent), let c = schema.columnIndex(named: child),
                  case .discrete(let parentTransform) = transforms[p], case .discrete(let childTransform) = transforms[c] else { continue }
            combinations.append(CombinationLaw.publicPairs(
                pairs, parent: p, child: c, parentCategories: parentTransform.categories, childCategories: childTransform.categories,
                childWeights: categoryCounts[child].map { $0.prefix(childTransform.categories.count).map(Double.init) }))
        }
        var publicOptions = options
        publicOptions.learnDecimals = false
        self.init(schema: schema, options: publicOptions, columns: transforms, isPublic: true, combinations: combinations)
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

    /// The DP rare bucket (see ``init(publicSchema:options:continuousHistograms:categoryCounts:singleOutThreshold:rng:)``).
    private static func privateCategorical(_ column: ColumnSchema, categories: [String], noisyCounts: [Int]?,
                                           threshold: Double, limit: Int) -> DiscreteTransform {
        let all = categories.indices.map { Int32($0) }
        guard let noisy = noisyCounts, noisy.count >= categories.count else {
            return DiscreteTransform(name: column.name, isBoolean: false, categories: categories, nullable: column.nullable,
                                     oneHot: [], rare: RareCategories(members: all, weights: all.map { _ in 1 }))
        }
        let eligible = categories.indices.filter { Double(noisy[$0]) >= threshold }
        let byCount = eligible.sorted { noisy[$0] != noisy[$1] ? noisy[$0] > noisy[$1] : $0 < $1 }
        let kept = Set(byCount.prefix(limit - 1))
        let rest = all.filter { !kept.contains(Int($0)) }
        return DiscreteTransform(name: column.name, isBoolean: false, categories: categories, nullable: column.nullable,
                                 oneHot: all.filter { kept.contains(Int($0)) },
                                 rare: RareCategories(members: rest, weights: rest.map { Double(noisy[Int($0)]) }))
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
