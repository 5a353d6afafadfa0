/// One column of a ``DatasetSchema``.
public struct ColumnSchema: Sendable, Equatable, Codable {
    /// The header name in the CSV file.
    public var name: String
    /// What the column holds.
    public var kind: ColumnKind
    /// Whether an empty cell means "missing". When `false`, an empty cell is an error.
    public var nullable: Bool
    /// Free text for people reading the schema.
    public var description: String?

    public init(name: String, kind: ColumnKind, nullable: Bool = false, description: String? = nil) {
        self.name = name
        self.kind = kind
        self.nullable = nullable
        self.description = description
    }

    /// Checks this column's own constraints.
    public func validate() throws(SchemaError) {
        switch kind {
        case .id, .boolean:
            break
        case .continuous(let min, let max, _):
            if let min, !min.isFinite { throw SchemaError(column: name, message: "min must be a finite number") }
            if let max, !max.isFinite { throw SchemaError(column: name, message: "max must be a finite number") }
            if let min, let max, min >= max {
                throw SchemaError(column: name, message: "min (\(min)) must be less than max (\(max))")
            }
            if let min, let max, !(max - min).isFinite {
                throw SchemaError(column: name, message: "the range from min (\(min)) to max (\(max)) is too wide to compute with (max − min overflows a double); give bounds the data can actually reach")
            }
            if case .continuous(_, _, true) = kind, let min, let max, min.rounded(.up) > max.rounded(.down) {
                throw SchemaError(column: name, message: "no integer lies between min (\(min)) and max (\(max)), but the column is integer")
            }
        case .categorical(let categories):
            try Self.checkVocabulary(categories, word: "category", column: name)
        case .multilabel(let labels, let separator):
            if separator.isEmpty { throw SchemaError(column: name, message: "separator must not be empty") }
            try Self.checkVocabulary(labels, word: "label", column: name)
            if let labels, let bad = labels.first(where: { $0.contains(separator) }) {
                throw SchemaError(column: name, message: "label \"\(bad)\" contains the separator \"\(separator)\"")
            }
        }
    }

    private static func checkVocabulary(_ values: [String]?, word: String, column: String) throws(SchemaError) {
        guard let values else { return }
        if values.isEmpty { throw SchemaError(column: column, message: "the \(word) list is empty") }
        var seen = Set<String>()
        for value in values {
            if value.isEmpty { throw SchemaError(column: column, message: "empty \(word) (use \"nullable\": true for missing values)") }
            if !seen.insert(value).inserted { throw SchemaError(column: column, message: "duplicate \(word) \"\(value)\"") }
        }
    }
}

extension ColumnSchema {
    private enum CodingKeys: String, CodingKey {
        case name, type, min, max, integer, categories, labels, separator, nullable, description
    }

    /// The type names accepted in the JSON `"type"` field.
    public static let typeNames = ["id", "continuous", "categorical", "multilabel", "boolean"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let type = try c.decode(String.self, forKey: .type)
        self.name = name
        nullable = try c.decodeIfPresent(Bool.self, forKey: .nullable) ?? false
        description = try c.decodeIfPresent(String.self, forKey: .description)
        switch type {
        case "id":
            kind = .id
        case "continuous":
            kind = .continuous(
                min: try c.decodeIfPresent(Double.self, forKey: .min),
                max: try c.decodeIfPresent(Double.self, forKey: .max),
                integer: try c.decodeIfPresent(Bool.self, forKey: .integer) ?? false)
        case "categorical":
            kind = .categorical(categories: try c.decodeIfPresent([String].self, forKey: .categories))
        case "multilabel":
            kind = .multilabel(
                labels: try c.decodeIfPresent([String].self, forKey: .labels),
                separator: try c.decodeIfPresent(String.self, forKey: .separator) ?? ";")
        case "boolean":
            kind = .boolean
        default:
            throw SchemaError(column: name, message: "unknown type \"\(type)\" (expected one of: \(Self.typeNames.joined(separator: ", ")))")
        }
        let allowed = SchemaKeys.byType[type] ?? SchemaKeys.common
        for key in try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue) where !allowed.contains(key) {
            throw SchemaError(column: name, message: SchemaKeys.unknownKeyMessage(
                key, allowed: allowed, context: "a \(type) column", applicableElsewhere: SchemaKeys.anyColumn.contains(key)))
        }
        try validate()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind.typeName, forKey: .type)
        switch kind {
        case .id, .boolean:
            break
        case .continuous(let min, let max, let integer):
            try c.encodeIfPresent(min, forKey: .min)
            try c.encodeIfPresent(max, forKey: .max)
            if integer { try c.encode(true, forKey: .integer) }
        case .categorical(let categories):
            try c.encodeIfPresent(categories, forKey: .categories)
        case .multilabel(let labels, let separator):
            try c.encodeIfPresent(labels, forKey: .labels)
            try c.encode(separator, forKey: .separator)
        }
        if nullable { try c.encode(true, forKey: .nullable) }
        try c.encodeIfPresent(description, forKey: .description)
    }
}
