/// The keys a schema document may use — one table, shared by the decoder's checks, the error
/// messages' suggestions and the test that keeps `schemas/dataset-schema.json` in step.
public enum SchemaKeys {
    /// Keys of the top-level object.
    public static let dataset: [String] = ["name", "columns"]

    /// Keys every column may have.
    public static let common: [String] = ["name", "type", "nullable", "description"]

    /// Keys allowed per column type (the common ones included).
    public static let byType: [String: [String]] = [
        "id": common,
        "boolean": common,
        "continuous": common + ["min", "max", "integer"],
        "categorical": common + ["categories"],
        "multilabel": common + ["labels", "separator"],
    ]

    /// Every key some column type allows.
    public static var anyColumn: Set<String> { Set(byType.values.joined()) }

    /// The error for `key`, which is not in `allowed`: a suggestion when a close spelling exists
    /// (edit distance at most 2), else the list of allowed keys.
    static func unknownKeyMessage(_ key: String, allowed: [String], context: String, applicableElsewhere: Bool) -> String {
        if applicableElsewhere { return "key \"\(key)\" does not apply to \(context) (allowed: \(allowed.joined(separator: ", ")))" }
        let close = allowed.map { ($0, editDistance($0, key)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        if let close { return "unknown key \"\(key)\" in \(context); did you mean \"\(close.0)\"?" }
        return "unknown key \"\(key)\" in \(context) (allowed: \(allowed.joined(separator: ", ")))"
    }

    /// Levenshtein distance (keys are short, so the quadratic table is fine).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// A coding key for whatever a JSON object holds, to find keys the schema does not know.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
