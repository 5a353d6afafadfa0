import ProfileGANCSV

/// Formats the cells of one column for ``TableCSVWriter``, with the column's vocabulary encoded
/// (quoted where needed) once rather than per cell.
///
/// The column's arrays are unpacked into typed fields up front: switching on `ColumnValues` per
/// cell would copy (retain and release) its payload arrays on every cell.
struct CellWriter {
    private enum Kind { case id, number, category, labels, boolean, datetime }
    private let kind: Kind
    private let integer: Bool
    private var storage = ColumnStorage()
    private var encodedVocabulary: [[UInt8]] = []
    private let separator: [UInt8]
    private var scratch: [UInt8] = []
    private let dates: DateTimeCodec

    init(values: ColumnValues, column: ColumnSchema) {
        if case .continuous(_, _, let isInteger) = column.kind { integer = isInteger } else { integer = false }
        dates = DateTimeCodec(kind: column.kind)
        if case .multilabel(_, let separator) = column.kind { self.separator = Array(separator.utf8) } else { separator = [] }
        switch values {
        case .id(let values):
            kind = .id
            storage.ids = values
        case .continuous(let values):
            if case .datetime = column.kind { kind = .datetime } else { kind = .number }
            storage.numbers = values
        case .categorical(let values, let categories):
            kind = .category
            storage.codes = values
            encodedVocabulary = categories.map(CSVQuoting.encoded)
        case .multilabel(let values, let missingRows, let labels):
            kind = .labels
            storage.flags = values
            storage.missing = missingRows
            encodedVocabulary = labels.map { Array($0.utf8) }
        case .boolean(let values):
            kind = .boolean
            storage.booleans = values
        }
    }

    @inline(__always)
    mutating func write(row: Int, to writer: CSVWriter) throws(CSVError) {
        switch kind {
        case .id:
            if storage.ids[row].isEmpty { try writer.writeMissing() } else { try writer.writeField(storage.ids[row]) }
        case .number:
            let value = storage.numbers[row]
            if value.isNaN { try writer.writeMissing() } else { try NumberFormatting.write(value, integer: integer, to: writer) }
        case .datetime:
            let value = storage.numbers[row]
            if value.isNaN { try writer.writeMissing() } else { try writer.writeField(dates.string(value)) }
        case .category:
            let code = storage.codes[row]
            if code < 0 {
                try writer.writeMissing()
            } else {
                try encodedVocabulary[Int(code)].withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            }
        case .labels:
            if storage.missing[row] { try writer.writeMissing(); return }
            scratch.removeAll(keepingCapacity: true)
            let width = encodedVocabulary.count
            for label in 0..<width where storage.flags[row * width + label] != 0 {
                if !scratch.isEmpty { scratch.append(contentsOf: separator) }
                scratch.append(contentsOf: encodedVocabulary[label])
            }
            try scratch.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeField(bytes) }
        case .boolean:
            switch storage.booleans[row] {
            case 1: try Self.trueBytes.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            case 0: try Self.falseBytes.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            default: try writer.writeMissing()
            }
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}
