/// A buffered RFC 4180 CSV writer: fields are quoted only when needed, bytes are collected in a
/// large buffer and written in few system calls, and the file appears under its name only on
/// ``commit()`` (see the atomic-write rule in the project README).
///
/// ```swift
/// let writer = try CSVWriter(path: "out.csv")          // "-" writes standard output
/// writer.writeRecord(["name", "note"])
/// writer.writeField("Ada"); writer.writeMissing(); try writer.endRecord()
/// try writer.commit()
/// ```
///
/// Missing values are unquoted empty fields; an empty string is written as `""`, so
/// ``CSVReader`` reads back exactly what was written.
public final class CSVWriter {
    /// The file written, or nil for a writer that collects its bytes in ``collected``.
    private let output: OutputFile?
    /// What an in-memory writer has written, once flushed.
    public private(set) var collected: [UInt8] = []
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    // Touched for every byte run written; a writer is not shared between threads, so Swift's
    // dynamic exclusivity checks on these are pure overhead.
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var fieldsInRecord = 0
    /// Bytes handed to the file so far (excluding what is still buffered).
    @exclusivity(unchecked) public private(set) var bytesWritten = 0

    /// Opens `path` for writing through a temporary file in the same folder; `-` is standard output.
    public convenience init(path: String, bufferSize: Int = 1 << 18) throws(CSVError) {
        self.init(output: try OutputFile(path: path), bufferSize: bufferSize)
    }

    /// Writes to an output created earlier (for example before a long computation, to know it can
    /// be written).
    public init(output: OutputFile, bufferSize: Int = 1 << 18) {
        self.output = output
        capacity = max(bufferSize, 1 << 12)
        buffer = .allocate(capacity: capacity)
    }

    /// A writer that keeps its bytes in memory (``collected`` after ``flush()``), so records can be
    /// formatted on any thread and written out in order by another writer
    /// (``writeEncodedRecords(_:)``).
    public init(inMemoryWithCapacity bufferSize: Int = 1 << 16) {
        output = nil
        capacity = max(bufferSize, 1 << 12)
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The name used in messages.
    public var displayName: String { output?.displayName ?? "(memory)" }

    /// Appends whole records formatted by another writer (for example an in-memory one on a
    /// worker thread): `bytes` must end with a record's line feed.
    public func writeEncodedRecords(_ bytes: [UInt8]) throws(CSVError) {
        precondition(fieldsInRecord == 0, "encoded records must start at a record boundary")
        precondition(bytes.last.map { $0 == 0x0A } ?? true, "encoded records must end with a line feed")
        // `withUnsafeBufferPointer` rethrows untyped errors; the body throws only CSVError.
        let failure = bytes.withUnsafeBufferPointer { pointer -> CSVError? in
            do throws(CSVError) { try append(pointer); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Writes a whole record of strings.
    public func writeRecord(_ fields: [String]) throws(CSVError) {
        for field in fields { try writeField(field) }
        try endRecord()
    }

    /// Writes one field, quoting it if it holds a comma, quote, line break, or leading or trailing
    /// space or tab (so readers that trim spaces keep the value), and writing `""` if it is empty.
    public func writeField(_ value: String) throws(CSVError) {
        var value = value
        // `withUTF8` rethrows untyped errors; the body throws only CSVError.
        let failure = value.withUTF8 { bytes -> CSVError? in
            do throws(CSVError) { try writeField(bytes); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// Writes one field from raw UTF-8 bytes (same quoting rules as ``writeField(_:)-(String)``).
    public func writeField(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        if CSVQuoting.needsQuotes(bytes) {
            try writeQuoted(bytes)
        } else {
            try writeUnquoted(bytes)
        }
    }

    /// Writes a missing value: an empty, unquoted field.
    public func writeMissing() throws(CSVError) {
        try beginField()
    }

    /// Writes bytes the caller knows need no quoting (numbers, pre-escaped vocabulary), verbatim.
    @inline(__always)
    public func writeUnquoted(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        try beginField()
        try append(bytes)
    }

    /// Writes `bytes` in quotes, doubling inner quotes.
    public func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        try beginField()
        try appendByte(CSVQuoting.quote)
        var start = 0
        for index in 0..<bytes.count where bytes[index] == CSVQuoting.quote {
            try append(UnsafeBufferPointer(rebasing: bytes[start...index]))
            start = index  // the quote is written twice: once above, once with the next run
        }
        try append(UnsafeBufferPointer(rebasing: bytes[start...]))
        try appendByte(CSVQuoting.quote)
    }

    /// Ends the current record with a line feed.
    public func endRecord() throws(CSVError) {
        fieldsInRecord = 0
        try appendByte(0x0A)
    }

    /// Writes out the buffer, then publishes the file under its name.
    public func commit() throws(CSVError) {
        try flush()
        try output?.commit()
    }

    /// Abandons the output: the temporary file is removed and the target is left as it was.
    public func abort() {
        output?.abort()
    }

    /// Writes the buffered bytes to the file (or to ``collected``).
    public func flush() throws(CSVError) {
        guard count > 0 else { return }
        try write(buffer, count: count)
        count = 0
    }

    private func write(_ bytes: UnsafePointer<UInt8>, count: Int) throws(CSVError) {
        if let output {
            try output.write(bytes, count: count)
        } else {
            collected.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        }
        bytesWritten += count
    }

    @inline(__always)
    private func beginField() throws(CSVError) {
        if fieldsInRecord > 0 { try appendByte(CSVQuoting.comma) }
        fieldsInRecord += 1
    }

    @inline(__always)
    private func appendByte(_ byte: UInt8) throws(CSVError) {
        if count == capacity { try flush() }
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    private func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity {
            try flush()
            if bytes.count > capacity {
                try write(base, count: bytes.count)
                return
            }
        }
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }
}

/// The quoting rules shared by the writer and anything that pre-encodes values.
public enum CSVQuoting {
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C

    /// Whether a field must be quoted to read back unchanged: it is empty (unquoted empty means
    /// missing), holds a comma, quote, CR or LF, or starts or ends with a space or tab.
    @inline(__always)
    public static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for byte in bytes where byte == comma || byte == quote || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    /// The field as it appears in a file: quoted and escaped when needed.
    public static func encoded(_ value: String) -> [UInt8] {
        var bytes = Array(value.utf8)
        guard bytes.withUnsafeBufferPointer({ needsQuotes($0) }) else { return bytes }
        bytes = [quote]
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        bytes.append(quote)
        return bytes
    }
}
