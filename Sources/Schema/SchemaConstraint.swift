/// A rule between columns that every generated row keeps (`"constraints"` in the schema).
///
/// ```json
/// "constraints": [
///   {"type": "fixed_combinations", "columns": ["country", "city"]},
///   {"type": "inequality", "low": "signup_at", "high": "last_login_at"}
/// ]
/// ```
public enum SchemaConstraint: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Two categorical columns whose value pairs are limited to those seen in training: a
    /// generated `child` value that never occurred with the row's `parent` value is replaced by a
    /// draw among the children seen with that parent (by training frequency).
    case fixedCombinations(parent: String, child: String)
    /// Two continuous or datetime columns with `high ≥ low` wherever both are present: a
    /// generated row with `high < low` has the two values swapped.
    case inequality(low: String, high: String)

    /// `(country, city) combinations` or `last_login_at >= signup_at`.
    public var description: String {
        switch self {
        case .fixedCombinations(let parent, let child): "(\(parent), \(child)) combinations"
        case .inequality(let low, let high): "\(high) >= \(low)"
        }
    }

    /// The `"type"` names.
    public static let typeNames = ["fixed_combinations", "inequality"]

    private enum CodingKeys: String, CodingKey { case type, columns, low, high }

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
            self = .fixedCombinations(parent: columns[0], child: columns[1])
            allowed = ["type", "columns"]
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
        case .fixedCombinations(let parent, let child):
            try c.encode("fixed_combinations", forKey: .type)
            try c.encode([parent, child], forKey: .columns)
        case .inequality(let low, let high):
            try c.encode("inequality", forKey: .type)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
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
        case .fixedCombinations(let parent, let child):
            for name in [parent, child] {
                guard case .categorical = try column(name).kind else {
                    throw SchemaError(column: name, message: "a fixed_combinations constraint needs categorical columns")
                }
            }
            if parent == child { throw SchemaError(column: parent, message: "a fixed_combinations constraint needs two different columns") }
        case .inequality(let low, let high):
            for name in [low, high] where try column(name).kind.numericRange == nil {
                throw SchemaError(column: name, message: "an inequality constraint needs continuous or datetime columns")
            }
            if low == high { throw SchemaError(column: low, message: "an inequality constraint needs two different columns") }
        }
    }
}
