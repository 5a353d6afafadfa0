import Foundation
import ProfileGANCSV

/// A rule between columns that every generated row keeps (`"constraints"` in the schema).
///
/// ```json
/// "constraints": [
///   {"type": "fixed_combinations", "columns": ["country", "city"], "pairs_file": "city-country.csv"},
///   {"type": "inequality", "low": "signup_at", "high": "last_login_at"}
/// ]
/// ```
public enum SchemaConstraint: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Two categorical columns whose value pairs are limited to an allowed set: a generated
    /// `child` value not allowed with the row's `parent` value is replaced by a draw among the
    /// parent's allowed children. The allowed set is `pairs` when given (public: from the schema's
    /// `"pairs"` or a `"pairs_file"`, and then `validate` checks every row against it), otherwise
    /// the pairs seen in training — which a DP fit refuses, since that set is read from the rows.
    case fixedCombinations(parent: String, child: String, pairs: [CategoryPair]? = nil)
    /// Two continuous or datetime columns with `high ≥ low` wherever both are present: a
    /// generated row with `high < low` has the two values swapped.
    case inequality(low: String, high: String)

    /// `(country, city) combinations` or `last_login_at >= signup_at`.
    public var description: String {
        switch self {
        case .fixedCombinations(let parent, let child, _): "(\(parent), \(child)) combinations"
        case .inequality(let low, let high): "\(high) >= \(low)"
        }
    }

    /// The `"type"` names.
    public static let typeNames = ["fixed_combinations", "inequality"]

    private enum CodingKeys: String, CodingKey {
        case type, columns, low, high, pairs
        case pairsFile = "pairs_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        let allowed: [String]
        switch type {
        case "fixed_combinations":
            let columns = try c.decode([String].self, forKey: .columns)
            guard columns.count == 2 else {
                throw SchemaError(column: nil, message: "a fixed_combinations constraint takes two columns, [parent, child] (got \(columns.count))")
            }
            var pairs = try c.decodeIfPresent([CategoryPair].self, forKey: .pairs)
            if let file = try c.decodeIfPresent(String.self, forKey: .pairsFile) {
                guard pairs == nil else { throw SchemaError(column: columns[1], message: "give either \"pairs\" or \"pairs_file\", not both") }
                pairs = try Self.readPairs(file, relativeTo: decoder.userInfo[ColumnSchema.folderKey] as? URL,
                                           parent: columns[0], child: columns[1])
            }
            self = .fixedCombinations(parent: columns[0], child: columns[1], pairs: pairs)
            allowed = ["type", "columns", "pairs", "pairs_file"]
        case "inequality":
            self = .inequality(low: try c.decode(String.self, forKey: .low), high: try c.decode(String.self, forKey: .high))
            allowed = ["type", "low", "high"]
        default:
            throw SchemaError(column: nil, message: "unknown constraint type \"\(type)\" (expected one of: \(Self.typeNames.joined(separator: ", ")))")
        }
        for key in try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue) where !allowed.contains(key) {
            throw SchemaError(column: nil, message: SchemaKeys.unknownKeyMessage(key, allowed: allowed, context: "a \(type) constraint", applicableElsewhere: false))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixedCombinations(let parent, let child, let pairs):
            try c.encode("fixed_combinations", forKey: .type)
            try c.encode([parent, child], forKey: .columns)
            // A pairs_file is written inline, so a model file's schema stands alone.
            try c.encodeIfPresent(pairs, forKey: .pairs)
        case .inequality(let low, let high):
            try c.encode("inequality", forKey: .type)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
        }
    }

    /// A pairs file: CSV with a header that names the parent and the child column (in either
    /// order; other columns are ignored), one allowed pair per record. Errors name FILE:LINE.
    private static func readPairs(_ path: String, relativeTo folder: URL?, parent: String, child: String) throws(SchemaError) -> [CategoryPair] {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : (folder ?? URL(fileURLWithPath: ".")).appendingPathComponent(path)
        do {
            let reader = try CSVReader(path: url.path)
            guard let p = reader.header.firstIndex(of: parent), let c = reader.header.firstIndex(of: child) else {
                throw SchemaError(column: child, message: "\(url.path):1: the pairs_file's header must name the columns \(parent) and \(child) (found: \(reader.header.joined(separator: ", ")))")
            }
            var pairs: [CategoryPair] = []
            try reader.forEachRecord { (record) throws(CSVError) in
                pairs.append(CategoryPair(parent: record[p], child: record[c]))
                return true
            }
            return pairs
        } catch let error as SchemaError {
            throw error
        } catch {
            throw SchemaError(column: child, message: "pairs_file: \(error)")
        }
    }

    /// Checks that the columns exist and have fitting kinds.
    func validate(in schema: DatasetSchema) throws(SchemaError) {
        func column(_ name: String) throws(SchemaError) -> ColumnSchema {
            guard let index = schema.columnIndex(named: name) else {
                throw SchemaError(column: name, message: "named in a constraint but not a column of the schema")
            }
            return schema.columns[index]
        }
        switch self {
        case .fixedCombinations(let parent, let child, let pairs):
            var known: [Set<String>?] = []
            for name in [parent, child] {
                guard case .categorical(let categories) = try column(name).kind else {
                    throw SchemaError(column: name, message: "a fixed_combinations constraint needs categorical columns")
                }
                known.append(categories.map(Set.init))
            }
            if parent == child { throw SchemaError(column: parent, message: "a fixed_combinations constraint needs two different columns") }
            guard let pairs else { return }
            if pairs.isEmpty { throw SchemaError(column: child, message: "the fixed_combinations constraint (\(parent), \(child)) allows no pair") }
            for pair in pairs {
                if let parents = known[0], !parents.contains(pair.parent) {
                    throw SchemaError(column: parent, message: "the allowed pair (\(pair.parent), \(pair.child)) names \"\(pair.parent)\", which is not a category of \(parent)")
                }
                if let children = known[1], !children.contains(pair.child) {
                    throw SchemaError(column: child, message: "the allowed pair (\(pair.parent), \(pair.child)) names \"\(pair.child)\", which is not a category of \(child)")
                }
            }
        case .inequality(let low, let high):
            for name in [low, high] where try column(name).kind.numericRange == nil {
                throw SchemaError(column: name, message: "an inequality constraint needs continuous or datetime columns")
            }
            if low == high { throw SchemaError(column: low, message: "an inequality constraint needs two different columns") }
        }
    }
}
