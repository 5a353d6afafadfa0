import Foundation

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
        case .pii(let shape):
            if case .pattern(let pattern) = shape, PIIPattern(pattern) == nil {
                throw SchemaError(column: name, message: "pattern \"\(pattern)\" has no placeholder (# digit, @ upper-case letter, % lower-case letter; \\ escapes) or ends in a lone \\")
            }
        case .datetime(_, let min, let max, let offset):
            if let min, let max, min >= max {
                throw SchemaError(column: name, message: "min (\(DateTimeCodec(kind: kind).string(min))) must be before max (\(DateTimeCodec(kind: kind).string(max)))")
            }
            if abs(offset) >= 86_400 { throw SchemaError(column: name, message: "offset must lie within ±23:59") }
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
        case name, type, min, max, integer, categories, labels, separator, nullable, description, kind, pattern, format, offset
        case categoriesFile = "categories_file"
    }

    /// The folder `categories_file` paths are relative to (set by ``DatasetSchema/decode(_:file:)``).
    static let folderKey = CodingUserInfoKey(rawValue: "profilegan.schemaFolder")!

    /// One category per line (a trailing newline, `\r\n` endings and blank lines are fine).
    private static func readCategories(_ path: String, relativeTo folder: URL?, column: String) throws(SchemaError) -> [String] {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : (folder ?? URL(fileURLWithPath: ".")).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SchemaError(column: column, message: "cannot read categories_file \(url.path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SchemaError(column: column, message: "categories_file \(url.path) is not UTF-8 text")
        }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .filter { !$0.isEmpty }
    }

    /// The type names accepted in the JSON `"type"` field.
    public static let typeNames = ["id", "continuous", "categorical", "multilabel", "boolean", "pii", "datetime"]

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
            var categories = try c.decodeIfPresent([String].self, forKey: .categories)
            if let file = try c.decodeIfPresent(String.self, forKey: .categoriesFile) {
                guard categories == nil else {
                    throw SchemaError(column: name, message: "give either \"categories\" or \"categories_file\", not both")
                }
                categories = try Self.readCategories(file, relativeTo: decoder.userInfo[Self.folderKey] as? URL, column: name)
            }
            kind = .categorical(categories: categories)
        case "multilabel":
            kind = .multilabel(
                labels: try c.decodeIfPresent([String].self, forKey: .labels),
                separator: try c.decodeIfPresent(String.self, forKey: .separator) ?? ";")
        case "boolean":
            kind = .boolean
        case "datetime":
            let formatName = try c.decodeIfPresent(String.self, forKey: .format) ?? "datetime"
            guard let format = DateTimeFormat(name: formatName) else {
                throw SchemaError(column: name, message: "format \"\(formatName)\" is neither \"date\", \"datetime\" nor a pattern of %Y %m %d %H %M %S %z %% (with %Y)")
            }
            let offsetText = try c.decodeIfPresent(String.self, forKey: .offset) ?? "Z"
            guard let offset = CivilTime.offsetSeconds(Array(offsetText.utf8)) else {
                throw SchemaError(column: name, message: "offset \"\(offsetText)\" is not Z, ±HH:MM or ±HHMM")
            }
            let codec = DateTimeCodec(format: format, offsetSeconds: offset)
            func bound(_ key: CodingKeys) throws -> Double? {
                guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let seconds = codec.parse(Array(text.utf8)) else {
                    throw SchemaError(column: name, message: "\(key.stringValue) \"\(text)\" is not a valid instant in the column's format \(format.name) (e.g. \(format.example))")
                }
                return seconds
            }
            kind = .datetime(format: format, min: try bound(.min), max: try bound(.max), offset: offset)
        case "pii":
            let kindName = try c.decodeIfPresent(String.self, forKey: .kind)
            let pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
            switch (kindName, pattern) {
            case (nil, let pattern?):
                kind = .pii(.pattern(pattern))
            case (let kindName?, nil):
                guard let shape = PIIShape(kindName: kindName) else {
                    throw SchemaError(column: name, message: "unknown pii kind \"\(kindName)\" (expected one of: \(PIIShape.kindNames.joined(separator: ", ")), or give a \"pattern\")")
                }
                kind = .pii(shape)
            default:
                throw SchemaError(column: name, message: "a pii column needs exactly one of \"kind\" (\(PIIShape.kindNames.joined(separator: ", "))) or \"pattern\" (e.g. \"CUST-#####\")")
            }
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
        case .datetime(let format, let min, let max, let offset):
            let codec = DateTimeCodec(kind: kind)
            try c.encode(format.name, forKey: .format)
            try c.encodeIfPresent(min.map(codec.string), forKey: .min)
            try c.encodeIfPresent(max.map(codec.string), forKey: .max)
            if offset != 0 { try c.encode(CivilTime.offsetText(offset), forKey: .offset) }
        case .pii(let shape):
            if case .pattern(let pattern) = shape { try c.encode(pattern, forKey: .pattern) } else { try c.encodeIfPresent(shape.kindName, forKey: .kind) }
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
