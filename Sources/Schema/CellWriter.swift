import ProfileGANCSV

/// Formats the cells of one column for ``TableCSVWriter``, with the column's vocabulary encoded
/// (quoted where needed) once rather than per cell.
struct CellWriter {
    private let values: ColumnValues
    private let nullable: Bool
    private let integer: Bool
    private var encodedVocabulary: [[UInt8]] = []
    private let separator: [UInt8]
    private var scratch: [UInt8] = []

    init(values: ColumnValues, column: ColumnSchema) {
        self.values = values
        nullable = column.nullable
        if case .continuous(_, _, let isInteger) = column.kind { integer = isInteger } else { integer = false }
        if case .multilabel(_, let separator) = column.kind { self.separator = Array(separator.utf8) } else { separator = [] }
        switch values {
        case .categorical(_, let categories): encodedVocabulary = categories.map(CSVQuoting.encoded)
        case .multilabel(_, _, let labels): encodedVocabulary = labels.map { Array($0.utf8) }
        default: break
        }
    }

    @inline(__always)
    mutating func write(row: Int, to writer: CSVWriter) throws(CSVError) {
        switch values {
        case .id(let ids):
            if ids[row].isEmpty { try writer.writeMissing() } else { try writer.writeField(ids[row]) }
        case .continuous(let numbers):
            let value = numbers[row]
            if value.isNaN { try writer.writeMissing() } else { try NumberFormatting.write(value, integer: integer, to: writer) }
        case .categorical(let codes, _):
            let code = codes[row]
            if code < 0 {
                try writer.writeMissing()
            } else {
                try encodedVocabulary[Int(code)].withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            }
        case .multilabel(let flags, let missing, let labels):
            if missing[row] { try writer.writeMissing(); return }
            scratch.removeAll(keepingCapacity: true)
            let width = labels.count
            for label in 0..<width where flags[row * width + label] != 0 {
                if !scratch.isEmpty { scratch.append(contentsOf: separator) }
                scratch.append(contentsOf: encodedVocabulary[label])
            }
            try scratch.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeField(bytes) }
        case .boolean(let flags):
            switch flags[row] {
            case 1: try Self.trueBytes.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            case 0: try Self.falseBytes.withUnsafeBufferPointer { (bytes) throws(CSVError) in try writer.writeUnquoted(bytes) }
            default: try writer.writeMissing()
            }
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}

/// Numbers as CSV text that reads back to the same `Double`.
enum NumberFormatting {
    /// Whole numbers below 2^53 in magnitude print as integers (`34`, not `34.0`); an integer
    /// column rounds first (a generator's `33.9999…` becomes `34`). Others print in Swift's
    /// shortest round-trip form (`0.1`, `1e-05`).
    @inline(__always)
    static func write(_ value: Double, integer: Bool, to writer: CSVWriter) throws(CSVError) {
        let whole = integer ? value.rounded() : value
        if whole == whole.rounded(.towardZero), abs(whole) < 9_007_199_254_740_992 {
            try writeInteger(Int64(whole), to: writer)
        } else {
            var text = value.description
            let failure = text.withUTF8 { bytes -> CSVError? in
                do throws(CSVError) { try writer.writeUnquoted(bytes); return nil } catch { return error }
            }
            if let failure { throw failure }
        }
    }

    @inline(__always)
    static func writeInteger(_ value: Int64, to writer: CSVWriter) throws(CSVError) {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { (digits) throws(CSVError) in
            var magnitude = value.magnitude
            var start = 24
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            try writer.writeUnquoted(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
