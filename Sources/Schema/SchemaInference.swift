import ProfileGANCSV

/// Proposes a ``DatasetSchema`` from a CSV file, for a person to review.
///
/// Rules, per column (one streaming pass):
/// - every value an ISO 8601 date (`2024-05-01`) or date-time with offset → `datetime`, bounds
///   rounded out to whole days, the most common offset as the column's `offset`;
/// - every value a uuid or an e-mail address, or many distinct phone numbers or names → `pii`
///   with that kind, and a warning starting `PII:` (never learned; generation writes fresh values);
/// - a name like `id`, `user_id` or `uuid` with many distinct values → `id`;
/// - every value `true`/`false`/`yes`/`no`/`t`/`f`/`y`/`n` → `boolean`;
/// - every value a number → `continuous`, `integer` when all are whole, bounds rounded outwards
///   to a round step (13…92 → 10…100); few distinct numbers add a warning (codes, not quantities?);
/// - a separator (`;` or `|`) in at least 5% of the cells and few distinct labels → `multilabel`;
/// - few distinct strings (≤ ``Options/maxCategories``) → `categorical`, categories sorted;
/// - otherwise (many distinct strings) → `id` with a warning: not learned.
/// A column with any empty cell is `nullable`.
///
/// Bounds and categories read from private rows are themselves private: see ``privacyWarning``.
public enum SchemaInference {
    /// Thresholds for the rules above.
    public struct Options: Sendable {
        /// The most distinct strings (or labels) a categorical (or multilabel) column may have.
        public var maxCategories = 50
        /// Numeric columns with at most this many distinct values get a "codes?" warning.
        public var fewDistinctNumbers = 10
        /// Column types forced by the caller (e.g. from SDV metadata); bounds and vocabularies are
        /// still read from the data.
        public var typeHints: [String: ColumnTypeHint] = [:]

        /// The defaults: 50 categories, a warning at 10 or fewer distinct numbers, no hints.
        public init() {}
    }

    /// A column type the caller already knows.
    public enum ColumnTypeHint: String, Sendable, CaseIterable {
        case id, continuous, integer, categorical, multilabel, boolean
    }

    /// The proposal and what the person reviewing it should know.
    public struct Result: Sendable {
        /// The proposed schema (already checked for internal consistency).
        public var schema: DatasetSchema
        /// One sentence per questionable decision, naming the column.
        public var warnings: [String]
        /// Data records read.
        public var rowCount: Int
    }

    /// Printed by `profilegan schema infer` on standard error.
    public static let privacyWarning = """
        warning: this schema was read from the data. Its bounds and categories are facts about the \
        private rows (a min or max can be one person's value; a rare category can identify someone). \
        Review them and replace them with public knowledge (e.g. age 13..100, the full list of \
        countries) before training with differential privacy.
        """

    /// Reads `path` (or standard input for `-`) and proposes a schema named `name`.
    public static func infer(csvAt path: String, name: String, options: Options = Options()) throws(DatasetError) -> Result {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw DatasetError(error) }
        var profiles = reader.header.map { ColumnProfile(name: $0, distinctLimit: options.maxCategories) }
        do {
            while let record = try reader.nextRecord() {
                for index in 0..<record.count { profiles[index].add(record.field(index)) }
            }
        } catch {
            throw DatasetError(error)
        }
        var warnings: [String] = []
        let columns = profiles.map { propose($0, hint: options.typeHints[$0.name], options: options, warnings: &warnings) }
        for hinted in options.typeHints.keys.sorted() where !reader.header.contains(hinted) {
            warnings.append("column \"\(hinted)\": described in the metadata but not in the CSV header; left out")
        }
        do {
            return Result(schema: try DatasetSchema(name: name, columns: columns), warnings: warnings, rowCount: reader.recordCount)
        } catch {
            throw DatasetError(file: reader.displayName, problems: [
                ValidationProblem(file: reader.displayName, line: 0, column: 0, columnName: error.column, message: error.message),
            ])
        }
    }

    private static func propose(_ profile: ColumnProfile, hint: ColumnTypeHint?, options: Options, warnings: inout [String]) -> ColumnSchema {
        let nullable = profile.missingCount > 0
        let kind = hint.map { hintedKind($0, profile, warnings: &warnings) } ?? guessKind(profile, options: options, warnings: &warnings)
        return ColumnSchema(name: profile.name, kind: kind, nullable: nullable)
    }

    private static func guessKind(_ profile: ColumnProfile, options: Options, warnings: inout [String]) -> ColumnKind {
        let column = "column \"\(profile.name)\""
        if profile.valueCount == 0 {
            warnings.append("\(column): every cell is empty; proposed as an id (not learned)")
            return .id
        }
        if let kind = profile.dateTimeKind { return kind }
        if let shape = profile.piiShape {
            warnings.append("PII: \(column) looks like \(shape.kindName ?? "identifier")s; proposed as {\"type\": \"pii\", \"kind\": \"\(shape.kindName ?? "")\"}: its values will never be learned or copied, and generation writes fresh ones of the same shape. Check that this is what you want")
            return .pii(shape)
        }
        if looksLikeIdentifierName(profile.name), profile.tooManyDistinct || profile.distinct.count == profile.valueCount {
            return .id
        }
        if profile.allBooleanWords { return .boolean }
        if profile.allNumbers {
            if !profile.tooManyDistinct, profile.distinct.count <= options.fewDistinctNumbers {
                let values = profile.distinct.keys.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) }
                warnings.append("\(column): only \(values.count) distinct numbers (\(values.joined(separator: ", "))); if they are codes rather than quantities, make the column categorical")
            }
            return continuous(profile, integer: profile.allWhole)
        }
        if let (separator, labels) = multilabelSeparator(profile) {
            return .multilabel(labels: labels, separator: separator)
        }
        if !profile.tooManyDistinct {
            return .categorical(categories: profile.distinct.keys.sorted())
        }
        warnings.append("\(column): more than \(options.maxCategories) distinct text values; proposed as an id (not learned). If it is a category, list its categories")
        return .id
    }

    private static func hintedKind(_ hint: ColumnTypeHint, _ profile: ColumnProfile, warnings: inout [String]) -> ColumnKind {
        let column = "column \"\(profile.name)\""
        switch hint {
        case .id:
            return .id
        case .boolean:
            return .boolean
        case .continuous, .integer:
            guard profile.allNumbers, profile.valueCount > 0 else {
                warnings.append("\(column): the metadata says numerical but not every cell is a number; bounds left open")
                return .continuous(min: nil, max: nil, integer: hint == .integer)
            }
            return continuous(profile, integer: hint == .integer || profile.allWhole)
        case .categorical:
            if profile.tooManyDistinct {
                warnings.append("\(column): more than \(profile.distinctLimit) distinct values; categories left to be read at load time (not allowed under differential privacy)")
                return .categorical(categories: nil)
            }
            return .categorical(categories: profile.distinct.isEmpty ? nil : profile.distinct.keys.sorted())
        case .multilabel:
            return multilabelSeparator(profile).map { .multilabel(labels: $0.1, separator: $0.0) }
                ?? .multilabel(labels: nil, separator: ";")
        }
    }

    private static func continuous(_ profile: ColumnProfile, integer: Bool) -> ColumnKind {
        let (low, high) = roundedOutBounds(profile.minimum, profile.maximum)
        return .continuous(min: low, max: high, integer: integer)
    }

    /// Bounds rounded outwards to a multiple of a power of ten one order below the range
    /// (13…92 → 10…100; 2.3…49.9 → 0…50), never equal.
    static func roundedOutBounds(_ minimum: Double, _ maximum: Double) -> (Double, Double) {
        let range = maximum - minimum
        let step = range > 0 ? pow10(floorLog10(range)) : max(1, pow10(floorLog10(abs(minimum))))
        var low = (minimum / step).rounded(.down) * step
        var high = (maximum / step).rounded(.up) * step
        if low == high { low -= step; high += step }
        if minimum >= 0 && low < 0 { low = 0 }
        return (low, high)
    }

    private static func floorLog10(_ value: Double) -> Int {
        guard value > 0 else { return 0 }
        var exponent = 0
        var scaled = value
        while scaled >= 10 { scaled /= 10; exponent += 1 }
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return exponent
    }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(exponent) { value *= 10 }
        return exponent >= 0 ? value : 1 / value
    }

    private static func multilabelSeparator(_ profile: ColumnProfile) -> (String, [String])? {
        for (index, separator) in ColumnProfile.separatorCandidates.enumerated() {
            let share = Double(profile.separatorCells[index]) / Double(max(1, profile.valueCount))
            if share >= 0.05, !profile.tooManyLabels[index] {
                return (separator, profile.labels[index].sorted())
            }
        }
        return nil
    }

    /// `id`, `user_id`, `user-id`, `userId`, `uuid`, `guid`, `key`.
    private static func looksLikeIdentifierName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["id", "uuid", "guid", "key"].contains(lowered) || lowered.hasSuffix("_id") || lowered.hasSuffix("-id")
            || name.hasSuffix("Id") || name.hasSuffix("ID") || lowered.hasSuffix("uuid")
    }
}
