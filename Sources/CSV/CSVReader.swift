import CLibCSV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 CSV reader on libcsv: constant memory in the file size, a required header
/// row, and errors that name file, line and field.
///
/// ```swift
/// let reader = try CSVReader(path: "export.csv")      // "-" reads standard input
/// print(reader.header)
/// while let record = try reader.nextRecord() {
///     print(record.number, record.line, record[0])
/// }
/// ```
///
/// What it accepts: fields separated by commas, records by LF or CRLF, fields quoted with `"` (and
/// `""` for a quote inside), line breaks inside quoted fields, a leading UTF-8 byte-order mark.
/// Spaces are data (libcsv's default trimming is switched off). Blank lines are skipped.
/// An unquoted empty field is *missing* (``CSVRecord/isMissing(_:)``); `""` is an empty string.
///
/// What it rejects, with a ``CSVError``: an empty file, no header, an empty or duplicate header
/// name, a record whose field count differs from the header's, bytes that are not UTF-8, a quote
/// inside an unquoted field or text after a closing quote, a quoted field left open at the end,
/// and lone carriage returns as line endings.
public final class CSVReader {
    /// The header row's names, in file order.
    public private(set) var header: [String] = []
    /// The file name used in errors (`<stdin>` for `-`).
    public var displayName: String { source.displayName }
    /// Bytes consumed from the input so far (including any byte-order mark).
    @exclusivity(unchecked) public private(set) var bytesRead = 0
    /// The number of data records returned so far.
    @exclusivity(unchecked) public private(set) var recordCount = 0

    // The per-line loop touches these properties millions of times; the reader is not shared
    // between threads, so Swift's dynamic exclusivity checks on them are pure overhead.
    private let source: CSVByteSource
    private let parser: UnsafeMutablePointer<csv_parser>
    private let assembler: UnsafeMutablePointer<RecordAssembler>
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var available = 0
    @exclusivity(unchecked) private var reachedEnd = false
    @exclusivity(unchecked) private var finished = false

    /// Opens `path` (or standard input for `-`) and reads the header row.
    public init(path: String) throws(CSVError) {
        source = try CSVByteSource(path: path)
        parser = .allocate(capacity: 1)
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
            parser.deallocate()
            throw CSVError(.io, file: source.displayName, message: "out of memory starting the CSV parser")
        }
        assembler = .allocate(capacity: 1)
        assembler.initialize(to: RecordAssembler())
        try readHeader()
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        assembler.pointee.deallocate()
        assembler.deinitialize(count: 1)
        assembler.deallocate()
    }

    /// The next data record, or `nil` at the end of the input. The record is valid until the next
    /// call.
    public func nextRecord() throws(CSVError) -> CSVRecord? {
        guard try assembleRecord() else { return nil }
        recordCount += 1
        let record = currentRecord(number: recordCount)
        if record.count != header.count {
            throw raggedRowError(record)
        }
        return record
    }

    /// Calls `body` with each data record in order until the end of the input or until `body`
    /// returns `false`.
    public func forEachRecord(_ body: (CSVRecord) throws(CSVError) -> Bool) throws(CSVError) {
        while let record = try nextRecord() {
            if try !body(record) { return }
        }
    }

    private func readHeader() throws(CSVError) {
        try skipByteOrderMark()
        guard try assembleRecord() else {
            if bytesRead == 0 || (bytesRead == 3 && hadByteOrderMark) {
                throw CSVError(.emptyFile, file: displayName, message: "the file is empty (a header row is required)")
            }
            throw CSVError(.missingHeader, file: displayName, line: 1,
                           message: "no header row: the file holds only blank lines")
        }
        let record = currentRecord(number: 0)
        var seen: [String: Int] = [:]
        for index in 0..<record.count {
            let name = record[index]
            if name.isEmpty {
                throw CSVError(.missingHeader, file: displayName, line: record.line(ofField: index), column: index + 1,
                               message: "header field \(index + 1) is empty; every column needs a name")
            }
            if let first = seen[name] {
                throw CSVError(.duplicateHeader(name: name), file: displayName, line: record.line(ofField: index),
                               column: index + 1, message: "duplicate header name \"\(name)\" (also column \(first))")
            }
            seen[name] = index + 1
        }
        header = record.strings
    }

    @exclusivity(unchecked) private var hadByteOrderMark = false

    private func skipByteOrderMark() throws(CSVError) {
        // Read until at least three bytes are in hand (pipes may deliver fewer) or the input ends.
        while available < 3 {
            let count = try source.fill(from: available)
            if count == 0 { break }
            available += count
        }
        if available >= 3, source.buffer[0] == 0xEF, source.buffer[1] == 0xBB, source.buffer[2] == 0xBF {
            hadByteOrderMark = true
            position = 3
            bytesRead = 3
        }
        if available == 0 { reachedEnd = true }
    }

    /// Feeds input to libcsv one line at a time until a record completes; returns `false` at the end
    /// of the input. Feeding whole lines is what lets us know the physical line of every field:
    /// libcsv itself reports positions only as byte offsets.
    private func assembleRecord() throws(CSVError) -> Bool {
        assembler.pointee.reset()
        while true {
            if position == available {
                if !reachedEnd {
                    available = try source.fill()
                    position = 0
                    if available == 0 { reachedEnd = true }
                }
                if reachedEnd { return try finishInput() }
            }
            let start = UnsafeRawPointer(source.buffer + position)
            let remaining = available - position
            let lineFeed = memchr(start, 0x0A, remaining)
            let pieceLength = lineFeed.map { UnsafeRawPointer($0) - start + 1 } ?? remaining
            let found = UTF8Check.scan(start, count: pieceLength)
            if found.contains(.nonASCII) { recordHasNonASCII = true }
            // libcsv trims spaces and tabs around unquoted fields unless given a space predicate,
            // and calls that predicate for every byte. Lines without blanks parse the same
            // either way, so the predicate is installed only for lines that have some.
            if found.contains(.blank) != spacePredicateInstalled {
                spacePredicateInstalled.toggle()
                csv_set_space_func(parser, spacePredicateInstalled ? noSpaceCharacters : nil)
            }
            let parsed = csv_parse(parser, start, pieceLength, assemblerFieldCallback, assemblerRecordCallback, assembler)
            if parsed < pieceLength {
                throw CSVError(.misplacedQuote, file: displayName, line: assembler.pointee.currentLine,
                               column: assembler.pointee.fieldCount + 1,
                               message: "misplaced quote: a quote inside an unquoted field, or text after a closing quote (quote the whole field and double inner quotes)")
            }
            position += pieceLength
            bytesRead += pieceLength
            if lineFeed != nil { assembler.pointee.currentLine += 1 }
            if assembler.pointee.completedRecords > 0 { return try checkCompletedRecord() }
        }
    }

    @exclusivity(unchecked) private var recordHasNonASCII = false
    @exclusivity(unchecked) private var spacePredicateInstalled = false

    private func checkCompletedRecord() throws(CSVError) -> Bool {
        if assembler.pointee.completedRecords > 1 || assembler.pointee.fieldCount != assembler.pointee.fieldCountAtCompletion {
            throw CSVError(.bareCarriageReturn, file: displayName, line: assembler.pointee.recordEndLine,
                           message: "a lone carriage return ends a record; only LF and CRLF line endings are supported")
        }
        if recordHasNonASCII {
            recordHasNonASCII = false
            let record = currentRecord(number: recordCount + 1)
            for index in 0..<record.count where !UTF8Check.isValid(record.field(index)) {
                throw CSVError(.invalidUTF8, file: displayName, line: record.line(ofField: index), column: index + 1,
                               message: "field is not valid UTF-8 (convert the file to UTF-8)")
            }
        }
        return true
    }

    /// Flushes libcsv at the end of the input: a last record without a final line break, or an
    /// unterminated quoted field.
    private func finishInput() throws(CSVError) -> Bool {
        if finished { return false }
        finished = true
        // csv_fini resets the error state, and its buffer holds the open field: read both first.
        let openFieldLineFeeds = countLineFeeds(UnsafeRawBufferPointer(start: parser.pointee.entry_buf,
                                                                       count: parser.pointee.entry_pos))
        if csv_fini(parser, assemblerFieldCallback, assemblerRecordCallback, assembler) != 0 {
            let state = assembler.pointee
            throw CSVError(.unterminatedQuote, file: displayName, line: state.currentLine - openFieldLineFeeds,
                           column: state.fieldCount + 1,
                           message: "unterminated quote: this quoted field is still open at the end of the file")
        }
        return assembler.pointee.completedRecords > 0 ? try checkCompletedRecord() : false
    }

    @inline(__always)
    private func currentRecord(number: Int) -> CSVRecord {
        let state = UnsafePointer(assembler)
        return CSVRecord(number: number, line: state.pointee.recordStartLine, endLine: state.pointee.recordEndLine,
                         count: state.pointee.fieldCount, bytes: state.pointee.bytes, ends: state.pointee.ends,
                         nulls: state.pointee.nulls)
    }

    private func raggedRowError(_ record: CSVRecord) -> CSVError {
        let column = min(record.count, header.count) + 1
        let line = record.count > header.count ? record.line(ofField: header.count) : record.endLine
        return CSVError(.raggedRow(expected: header.count, found: record.count), file: displayName, line: line,
                        column: column,
                        message: "record \(record.number) has \(record.count) field\(record.count == 1 ? "" : "s"), the header has \(header.count)")
    }
}
