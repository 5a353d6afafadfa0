import Crypto
import ProfileGANSchema

extension Table {
    /// SHA-256 of the table's content in a canonical form that does not depend on how the file was
    /// written: cells as typed values (numbers by value, categories and labels by name, label sets
    /// sorted), columns by name, and rows as a sorted multiset of row digests — so row order, line
    /// endings, a BOM, quoting, number spelling and column order leave it unchanged.
    ///
    /// Never shown: anyone holding a candidate table could confirm it against this digest. The
    /// ledger keys it with its secret (``BudgetLedger/datasetID(canonicalDigest:)``).
    public func canonicalDigest() -> [UInt8] {
        let order = schema.columns.indices.sorted { schema.columns[$0].name < schema.columns[$1].name }
        var header = Crypto.SHA256()
        for index in order {
            Self.append(string: schema.columns[index].name, to: &header)
            Self.append(string: schema.columns[index].kind.typeName, to: &header)
        }
        var rowDigests: [[UInt8]] = []
        rowDigests.reserveCapacity(rowCount)
        var cell: [UInt8] = []
        for row in 0..<rowCount {
            var hasher = Crypto.SHA256()
            for index in order {
                cell.removeAll(keepingCapacity: true)
                Self.appendCell(columns[index], row: row, to: &cell)
                hasher.update(data: cell)
            }
            rowDigests.append(Array(hasher.finalize()))
        }
        rowDigests.sort { $0.lexicographicallyPrecedes($1) }
        var total = Crypto.SHA256()
        total.update(data: Array(header.finalize()))
        for digest in rowDigests { total.update(data: digest) }
        return Array(total.finalize())
    }

    private static func append(string: String, to hasher: inout Crypto.SHA256) {
        var bytes: [UInt8] = []
        appendString(string, to: &bytes)
        hasher.update(data: bytes)
    }

    /// Length-prefixed UTF-8, so concatenations cannot collide.
    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        let utf8 = Array(string.utf8)
        appendInteger(UInt64(utf8.count), to: &bytes)
        bytes += utf8
    }

    private static func appendInteger(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func appendCell(_ values: ColumnValues, row: Int, to bytes: inout [UInt8]) {
        if values.isMissing(row) { bytes.append(0); return }
        bytes.append(1)
        switch values {
        case .id(let ids): appendString(ids[row], to: &bytes)
        case .continuous(let numbers):
            let value = numbers[row] == 0 ? 0 : numbers[row]  // −0 and 0 are one value
            appendInteger(value.bitPattern, to: &bytes)
        case .categorical(let codes, let categories): appendString(categories[Int(codes[row])], to: &bytes)
        case .multilabel(let flags, _, let labels):
            let present = labels.indices.filter { flags[row * labels.count + $0] != 0 }.map { labels[$0] }.sorted()
            appendInteger(UInt64(present.count), to: &bytes)
            for label in present { appendString(label, to: &bytes) }
        case .boolean(let flags): bytes.append(UInt8(bitPattern: flags[row]))
        }
    }
}
