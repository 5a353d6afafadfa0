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
/// It reads 1 MiB at a time and feeds libcsv slices of about 16 KiB that end at a line feed (the
/// bytes after a read's last line feed wait for the next read, so a slice usually begins at a
/// record boundary); it queues the records each slice completes and hands them out one by one
/// (memory stays bounded by the read size and the longest record).
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
    @exclusivity(unchecked) public private(set) var header: [String] = []
    /// The file name used in errors (`<stdin>` for `-`).
    public var displayName: String { source.displayName }
    /// Bytes consumed from the input so far (including any byte-order mark).
    @exclusivity(unchecked) public private(set) var bytesRead = 0
    /// The number of data records returned so far.
    @exclusivity(unchecked) public private(set) var recordCount = 0

    // The reader is not shared between threads, so Swift's dynamic exclusivity checks on the
    // properties touched per record are pure overhead.
    private let source: CSVByteSource
    private let parser: UnsafeMutablePointer<csv_parser>
    private let assembler: UnsafeMutablePointer<RecordAssembler>
    /// The next queued record to hand out.
    @exclusivity(unchecked) private var nextQueued = 0
    /// An error found while queueing records, thrown once the records before it are handed out.
    @exclusivity(unchecked) private var pendingError: CSVError?
    @exclusivity(unchecked) private var finished = false
    @exclusivity(unchecked) private var isFirstRead = true
    @exclusivity(unchecked) private var hadByteOrderMark = false
    /// Whether the queued records need UTF-8 validation (their slice had a non-ASCII byte).
    @exclusivity(unchecked) private var queueHasNonASCII = false
    /// Whether the record still open after the last slice has a non-ASCII byte so far.
    @exclusivity(unchecked) private var openRecordHasNonASCII = false
    @exclusivity(unchecked) private var spacePredicateInstalled = false
    /// The bytes read but not yet fed to libcsv: `pendingCount` bytes at `pendingStart` in the
    /// buffer.
    @exclusivity(unchecked) private var pendingStart = 0
    @exclusivity(unchecked) private var pendingCount = 0

    /// Bytes per slice fed to libcsv: the fields and records of one slice stay in the processor's
    /// caches (those of a whole 1 MiB read, 16 bytes per field, did not). 16 KiB measured a little
    /// faster than 64 KiB.
    private let sliceSize: Int

    /// Opens `path` (or standard input for `-`) and reads the header row.
    public convenience init(path: String) throws(CSVError) {
        try self.init(path: path, chunkSize: 1 << 20, sliceSize: 1 << 14)
    }

    /// Opens `path` reading `chunkSize` bytes at a time and feeding libcsv slices of about
    /// `sliceSize` bytes (tests use small sizes to reach the boundary cases with small files).
    init(path: String, chunkSize: Int, sliceSize: Int) throws(CSVError) {
        self.sliceSize = sliceSize
        source = try CSVByteSource(path: path, chunkSize: chunkSize)
        parser = .allocate(capacity: 1)
        let options = CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL | CSV_REPALL_NL
        guard csv_init(parser, UInt8(options)) == 0 else {
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
        guard let record = try nextQueuedRecord(number: recordCount + 1) else { return nil }
        recordCount += 1
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
        guard let record = try nextQueuedRecord(number: 0) else {
            if bytesRead == 0 || (bytesRead == 3 && hadByteOrderMark) {
                throw CSVError(.emptyFile, file: displayName, message: "the file is empty (a header row is required)")
            }
            throw CSVError(.missingHeader, file: displayName, line: 1,
                           message: "no header row: the file holds only blank lines")
        }
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

    /// Hands out the next queued record, feeding libcsv another slice when the queue is empty.
    @inline(__always)
    private func nextQueuedRecord(number: Int) throws(CSVError) -> CSVRecord? {
        while nextQueued == assembler.pointee.recordCount {
            if let pendingError { throw pendingError }
            if finished { return nil }
            assembler.pointee.discardCompletedRecords()
            nextQueued = 0
            try queueNextSlice()
            // Records after a lone CR were split by rules the file does not follow: hand out none.
            try checkBareCarriageReturn()
        }
        let record = queuedRecord(nextQueued, number: number)
        nextQueued += 1
        if queueHasNonASCII { try checkUTF8(record) }
        return record
    }

    /// Feeds libcsv the next slice of the input (reading more when needed), or finishes the
    /// input, queueing the records completed. Errors are kept in `pendingError` until the records
    /// before them are handed out.
    ///
    /// A slice is about `sliceSize` bytes ending just after a line feed, so it usually begins at
    /// a record boundary, and the records it completes stay small enough for the processor's
    /// caches. The bytes after the last line feed of a read wait for the next read.
    private func queueNextSlice() throws(CSVError) {
        assembler.pointee.cursor = nil
        if let slice = nextSlice() { return feedPending(slice) }
        // What is left is the start of a record (or nothing): keep it and read more.
        let kept = pendingCount
        if kept > 0 { source.buffer.update(from: source.buffer + pendingStart, count: kept) }
        var count = try source.fill(from: kept)
        pendingStart = 0
        pendingCount = kept
        if count == 0 {
            if kept > 0 { feedPending(kept) }
            if pendingError == nil { finishInput() } else { finished = true }
            return
        }
        if isFirstRead {
            isFirstRead = false
            count = try skipByteOrderMark(count)
            if hadByteOrderMark { pendingStart = 3; count -= 3; bytesRead += 3 }
        }
        bytesRead += count
        pendingCount += count
        // Without a line feed in the whole buffer (a record longer than it), feed it all.
        feedPending(nextSlice() ?? pendingCount)
    }

    /// The length of the next slice of the pending bytes: up to the last line feed within the
    /// first `sliceSize` bytes, or else the last one of all; `nil` without a line feed.
    private func nextSlice() -> Int? {
        let start = UnsafeRawPointer(source.buffer + pendingStart)
        if pendingCount > sliceSize, let lineFeed = Self.lastLineFeed(start, count: sliceSize) {
            return lineFeed + 1
        }
        return Self.lastLineFeed(start, count: pendingCount).map { $0 + 1 }
    }

    /// Feeds the first `count` pending bytes to libcsv.
    private func feedPending(_ count: Int) {
        let start = UnsafeRawPointer(source.buffer + pendingStart)
        pendingStart += count
        pendingCount -= count
        if count > 0 { parseSlice(start, count: count) }
    }

    /// Feeds `count` bytes at `start` to libcsv.
    private func parseSlice(_ start: UnsafeRawPointer, count: Int) {
        let found = UTF8Check.scan(start, count: count)
        // A record that began in an earlier slice has bytes from it.
        queueHasNonASCII = found.contains(.nonASCII) || openRecordHasNonASCII
        // libcsv trims spaces and tabs around unquoted fields unless given a space predicate, and
        // then calls it for every byte: slices without blanks at field edges parse the same
        // without it.
        let needsPredicate = found.contains(.blank) && UTF8Check.hasBlankAtFieldEdge(start, count: count)
        if needsPredicate != spacePredicateInstalled {
            spacePredicateInstalled.toggle()
            csv_set_space_func(parser, spacePredicateInstalled ? noSpaceCharacters : nil)
        }
        // At a record boundary (libcsv's state ROW_NOT_BEGUN, nothing buffered), the assembler
        // can find fields in the slice itself; nothing is trimmed, so each byte is accounted for.
        if parser.pointee.pstate == 0 && parser.pointee.entry_pos == 0 {
            assembler.pointee.cursor = start.assumingMemoryBound(to: UInt8.self)
        }
        let lineBeforeSlice = lineAtParserPosition()
        let parsed = csv_parse(parser, start, count, assemblerFieldCallback, assemblerRecordCallback, assembler)
        openRecordHasNonASCII = queueHasNonASCII
            && (assembler.pointee.partialFieldCount > 0 || parser.pointee.pstate != 0 || parser.pointee.entry_pos > 0)
        if parsed < count {
            let line = lineBeforeSlice + countLineFeeds(UnsafeRawBufferPointer(start: start, count: parsed))
            pendingError = CSVError(.misplacedQuote, file: displayName, line: line,
                                    column: assembler.pointee.partialFieldCount + 1,
                                    message: "misplaced quote: a quote inside an unquoted field, or text after a closing quote (quote the whole field and double inner quotes)")
        }
    }

    /// The offset of the last line feed among `count` bytes at `start`.
    private static func lastLineFeed(_ start: UnsafeRawPointer, count: Int) -> Int? {
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        var index = count - 1
        while index >= 0 {
            if bytes[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    /// The line libcsv is on: the line feeds it reported, plus those inside the open field.
    private func lineAtParserPosition() -> Int {
        assembler.pointee.currentLine
            + countLineFeeds(UnsafeRawBufferPointer(start: parser.pointee.entry_buf, count: parser.pointee.entry_pos))
    }

    private func skipByteOrderMark(_ count: Int) throws(CSVError) -> Int {
        var count = count
        // Pipes may deliver fewer than three bytes at first.
        while count > 0 && count < 3 {
            let more = try source.fill(from: count)
            if more == 0 { break }
            count += more
        }
        if count >= 3, source.buffer[0] == 0xEF, source.buffer[1] == 0xBB, source.buffer[2] == 0xBF {
            hadByteOrderMark = true
        }
        return count
    }

    /// Flushes libcsv at the end of the input: a last record without a final line break, or an
    /// unterminated quoted field (reported at the line where its quote opened).
    private func finishInput() {
        finished = true
        let openQuoteLine = assembler.pointee.currentLine
        // csv_fini resets the error state: use its return value.
        if csv_fini(parser, assemblerFieldCallback, assemblerRecordCallback, assembler) != 0 {
            pendingError = CSVError(.unterminatedQuote, file: displayName, line: openQuoteLine,
                                    column: assembler.pointee.partialFieldCount + 1,
                                    message: "unterminated quote: this quoted field is still open at the end of the file")
        }
    }

    private func checkBareCarriageReturn() throws(CSVError) {
        let line = assembler.pointee.bareCarriageReturnLine
        if line > 0 {
            throw CSVError(.bareCarriageReturn, file: displayName, line: line,
                           message: "a lone carriage return ends a record; only LF and CRLF line endings are supported")
        }
    }

    private func checkUTF8(_ record: CSVRecord) throws(CSVError) {
        for index in 0..<record.count where !UTF8Check.isValid(record.field(index)) {
            throw CSVError(.invalidUTF8, file: displayName, line: record.line(ofField: index), column: index + 1,
                           message: "field is not valid UTF-8 (convert the file to UTF-8)")
        }
    }

    @inline(__always)
    private func queuedRecord(_ index: Int, number: Int) -> CSVRecord {
        let state = UnsafePointer(assembler)
        let firstField = index == 0 ? 0 : state.pointee.recordFieldEnds[index - 1]
        return CSVRecord(number: number, line: state.pointee.recordStartLines[index],
                         endLine: state.pointee.recordEndLines[index],
                         count: state.pointee.recordFieldEnds[index] - firstField,
                         fields: state.pointee.fields + firstField)
    }

    private func raggedRowError(_ record: CSVRecord) -> CSVError {
        let column = min(record.count, header.count) + 1
        let line = record.count > header.count ? record.line(ofField: header.count) : record.endLine
        return CSVError(.raggedRow(expected: header.count, found: record.count), file: displayName, line: line,
                        column: column,
                        message: "record \(record.number) has \(record.count) field\(record.count == 1 ? "" : "s"), the header has \(header.count)")
    }
}
