/// One record of a CSV file, as a view into the reader's buffers.
///
/// A record is valid only until the reader reads the next one; copy out what you keep
/// (``subscript(_:)`` makes a `String`).
public struct CSVRecord {
    /// The 1-based record number; the header is record 0.
    public let number: Int
    /// The physical line on which the record starts.
    public let line: Int
    /// The physical line on which the record ends (differs from ``line`` when a quoted field holds
    /// line breaks).
    public let endLine: Int
    /// The number of fields.
    public let count: Int
    let fields: UnsafePointer<FieldSpan>

    /// The bytes of field `index` (0-based), without quotes, doubled quotes undone.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        fields[index].bytes
    }

    /// Whether field `index` was an unquoted empty field, which means "missing". A quoted empty
    /// field (`""`) is an empty string, not missing.
    @inline(__always)
    public func isMissing(_ index: Int) -> Bool { fields[index].start == nil }

    /// Field `index` as a string (the reader has checked it is valid UTF-8).
    public subscript(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// All fields as strings.
    public var strings: [String] { (0..<count).map { self[$0] } }

    /// The physical line on which field `index` starts.
    public func line(ofField index: Int) -> Int {
        if endLine == line || index == 0 { return line }
        var lineFeeds = 0
        for earlier in 0..<index { lineFeeds += countLineFeeds(UnsafeRawBufferPointer(field(earlier))) }
        return line + lineFeeds
    }
}
