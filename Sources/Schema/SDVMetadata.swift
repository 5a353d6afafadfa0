import Foundation
import ProfileGANCSV

/// Column types from an SDV-style `metadata.json`, so users of that ecosystem bring what they
/// have: `{"columns": {"age": {"sdtype": "numerical", "computer_representation": "Int64"}, …}}`,
/// or the multi-table form `{"tables": {"users": {"columns": {…}}}}` holding exactly one table.
///
/// sdtypes map to ``SchemaInference/ColumnTypeHint``: `numerical` → continuous (integer when the
/// computer representation is an integer type), `categorical` → categorical, `boolean` → boolean,
/// `id` → id. Anything else (`datetime`, personal data such as `email` or `phone_number`) becomes an
/// id, which is never learned, with a warning.
public struct SDVMetadata: Sendable {
    /// The type hint for each column named in the metadata.
    public var typeHints: [String: SchemaInference.ColumnTypeHint]
    /// Columns whose sdtype has no ProfileGAN equivalent (kept as ids).
    public var warnings: [String]

    /// Reads and interprets the metadata file.
    public static func load(from path: String) throws(SchemaError) -> SDVMetadata {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SchemaError(file: path, column: nil, message: "cannot read the SDV metadata file: \(MessageText.unreadableReason(path) ?? "read error")")
        }
        return try decode(data, file: path)
    }

    /// Interprets SDV metadata JSON; `file` is used in error messages.
    public static func decode(_ data: Data, file: String? = nil) throws(SchemaError) -> SDVMetadata {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw SchemaError(file: file, column: nil, message: "not a JSON object")
        }
        var table = root
        if let tables = root["tables"] as? [String: Any] {
            guard tables.count == 1, let only = tables.values.first as? [String: Any] else {
                throw SchemaError(file: file, column: nil, message: "the metadata describes \(tables.count) tables; ProfileGAN learns one table at a time")
            }
            table = only
        }
        guard let columns = table["columns"] as? [String: Any] else {
            throw SchemaError(file: file, column: nil, message: "no \"columns\" object (expected SDV single-table metadata)")
        }
        var hints: [String: SchemaInference.ColumnTypeHint] = [:]
        var warnings: [String] = []
        for name in columns.keys.sorted() {
            guard let column = columns[name] as? [String: Any], let sdtype = column["sdtype"] as? String else {
                throw SchemaError(file: file, column: name, message: "missing \"sdtype\"")
            }
            switch sdtype {
            case "numerical":
                let representation = (column["computer_representation"] as? String ?? "Float").lowercased()
                hints[name] = representation.hasPrefix("int") || representation.hasPrefix("uint") ? .integer : .continuous
            case "categorical": hints[name] = .categorical
            case "boolean": hints[name] = .boolean
            case "id": hints[name] = .id
            default:
                hints[name] = .id
                warnings.append("column \"\(name)\": SDV sdtype \"\(sdtype)\" has no ProfileGAN type; kept as an id (not learned)")
            }
        }
        if let key = table["primary_key"] as? String, hints[key] != nil { hints[key] = .id }
        return SDVMetadata(typeHints: hints, warnings: warnings)
    }
}
