import Foundation
import ProfileGANCSV

/// The description of a dataset's columns: what each column holds and which values are legal.
///
/// A schema is *public* information: under differential privacy, bounds and categories come from
/// here rather than from the private rows (docs/PRIVACY.md). Its JSON form is documented in
/// `schemas/dataset-schema.json`:
///
/// ```json
/// {"name": "profiles",
///  "columns": [
///    {"name": "user_id", "type": "id"},
///    {"name": "age", "type": "continuous", "min": 13, "max": 100, "integer": true},
///    {"name": "gender", "type": "categorical", "categories": ["female", "male"]},
///    {"name": "interests", "type": "multilabel", "labels": ["music", "sports"], "separator": ";"},
///    {"name": "premium", "type": "boolean", "nullable": true}
///  ]}
/// ```
public struct DatasetSchema: Sendable, Equatable, Codable {
    /// A human-readable name for the dataset.
    public var name: String
    /// The columns, in the order the CSV files hold them.
    public var columns: [ColumnSchema]
    /// Rules between columns that generated rows keep (see ``SchemaConstraint``).
    public var constraints: [SchemaConstraint]

    /// Creates a schema and checks it (see ``validate()``).
    public init(name: String, columns: [ColumnSchema], constraints: [SchemaConstraint] = []) throws(SchemaError) {
        self.name = name
        self.columns = columns
        self.constraints = constraints
        try validate()
    }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The columns a model learns: every column except `id` and `pii` columns.
    public var learnedColumns: [ColumnSchema] { columns.filter { $0.kind.isLearned } }

    /// Checks the schema for internal consistency: unique, non-empty column names; `min < max`;
    /// no duplicate or empty categories or labels; a non-empty multilabel separator.
    public func validate() throws(SchemaError) {
        if columns.isEmpty { throw SchemaError(column: nil, message: "the schema has no columns") }
        var seen = Set<String>()
        for column in columns {
            if column.name.isEmpty { throw SchemaError(column: nil, message: "a column has an empty name") }
            if !seen.insert(column.name).inserted {
                throw SchemaError(column: column.name, message: "duplicate column name")
            }
            try column.validate()
        }
        for constraint in constraints { try constraint.validate(in: self) }
    }
}

extension DatasetSchema {
    private enum CodingKeys: String, CodingKey { case name, columns, constraints }

    public init(from decoder: any Decoder) throws {
        for key in try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue) where !SchemaKeys.dataset.contains(key) {
            throw SchemaError(column: nil, message: SchemaKeys.unknownKeyMessage(
                key, allowed: SchemaKeys.dataset, context: "the schema (top level)", applicableElsewhere: false))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "dataset"
        columns = try container.decode([ColumnSchema].self, forKey: .columns)
        constraints = try container.decodeIfPresent([SchemaConstraint].self, forKey: .constraints) ?? []
        try validate()
    }

    /// Reads and checks a schema file. Errors name the file, and the column where there is one.
    public static func load(from url: URL) throws(SchemaError) -> DatasetSchema {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SchemaError(file: url.path, column: nil, message: "cannot read the schema file: \(MessageText.unreadableReason(url.path) ?? "read error (\((error as NSError).domain) \((error as NSError).code))")")
        }
        return try decode(data, file: url.path)
    }

    /// Decodes and checks a schema from JSON bytes; `file` is used only in error messages.
    /// A `categories_file` is read relative to `file`'s folder (the current folder without a file).
    public static func decode(_ data: Data, file: String? = nil) throws(SchemaError) -> DatasetSchema {
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[ColumnSchema.folderKey] = URL(fileURLWithPath: file ?? "schema.json").deletingLastPathComponent()
            return try decoder.decode(DatasetSchema.self, from: data)
        } catch var error as SchemaError {
            error.file = file
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            if let located = Self.syntaxError(in: data) { throw SchemaError(file: file, column: nil, message: located) }
            throw SchemaError(file: file, column: nil, message: "not valid JSON: \(context.debugDescription) \(Self.describe(context.underlyingError))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw SchemaError(file: file, column: Self.columnHint(context), message: "missing required key \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SchemaError(file: file, column: Self.columnHint(context), message: "wrong type at \(Self.path(context)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw SchemaError(file: file, column: Self.columnHint(context), message: "missing value at \(Self.path(context))")
        } catch {
            throw SchemaError(file: file, column: nil, message: "\(error)")
        }
    }

    /// The schema as pretty-printed JSON with sorted keys (stable across runs, diff-friendly).
    public func encodedJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        return try! encoder.encode(self)
    }

    /// `not valid JSON at line L, column C: …` from the JSON parser's byte offset, or nil when the
    /// bytes parse (the problem is then one of structure, reported by the decoder).
    static func syntaxError(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            // "Invalid value around character 60." — the offset counts bytes from 0.
            guard let range = text.range(of: #"around (line \d+, column \d+|character \d+)\.?"#, options: .regularExpression) else {
                if text.lowercased().contains("end of file") {
                    let lines = data.filter { $0 == 0x0A }.count + 1
                    return "not valid JSON at line \(lines) (the end of the file): the document ends before it is complete (a missing ] or })"
                }
                return "not valid JSON: \(text)"
            }
            let reason = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let found = text[range]
            if found.contains("line") { return "not valid JSON \(found.dropFirst("around ".count).trimmingCharacters(in: CharacterSet(charactersIn: "."))): \(reason)" }
            let offset = min(Int(found.filter(\.isNumber)) ?? 0, data.count)
            let before = data.prefix(offset)
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
            let column = String(decoding: data[lineStart..<(data.startIndex + offset)], as: UTF8.self).count + 1
            return "not valid JSON at line \(line), column \(column): \(reason)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func columnHint(_ context: DecodingError.Context) -> String? {
        guard context.codingPath.count >= 2, let index = context.codingPath[1].intValue else { return nil }
        return "#\(index + 1)"
    }

    private static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "" }
        return "(\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"))"
    }
}
