import Foundation
import ProfileGANSchema

/// Reads the shared fixture files (plain comma-separated, no quoting) into tables. Temporary: replaced
/// by `Table.load(csvAt:schema:)` once the CSV loader is on main.
enum FixtureCSV {
    struct Failure: Error { var message: String }

    static func table(_ url: URL, schema: DatasetSchema) throws -> Table {
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0], rows = lines.dropFirst()
        let columns: [ColumnValues] = try schema.columns.map { column in
            guard let k = header.firstIndex(of: column.name) else { throw Failure(message: "no column \(column.name)") }
            let cells = rows.map { $0[k] }
            switch column.kind {
            case .continuous: return .continuous(cells.map { Double($0) ?? .nan })
            case .categorical(let categories?):
                return .categorical(codes: cells.map { cell in categories.firstIndex(of: cell).map(Int32.init) ?? -1 }, categories: categories)
            default: throw Failure(message: "unsupported fixture column \(column.name)")
            }
        }
        return Table(schema: schema, columns: columns)
    }
}
