#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records libcsv's callbacks produce from one chunk of input, queued for ``CSVReader`` to
/// hand out one at a time, with the line bookkeeping libcsv does not do (it reports positions only
/// as byte offsets and skips blank lines).
///
/// Lines are counted from the callbacks alone, so whole 1 MiB chunks can be fed to libcsv:
/// with `CSV_REPALL_NL` every unquoted line feed reaches the record callback (a blank line as an
/// empty record), and line feeds inside quoted fields are counted in the field callback — only
/// in chunks that contain a quote at all.
///
/// It lives behind an `UnsafeMutablePointer` handed to libcsv as its `void *` context, so the
/// callbacks touch plain memory without Swift's exclusivity checks.
struct RecordAssembler {
    /// Field bytes, back to back. Field `f` ends at `ends[f]` and starts where field `f - 1` ends.
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCount = 0
    var byteCapacity: Int
    var ends: UnsafeMutablePointer<Int>
    /// `nulls[f]`: an unquoted empty field (libcsv's `CSV_EMPTY_IS_NULL`), which means missing.
    var nulls: UnsafeMutablePointer<Bool>
    var fieldCount = 0
    var fieldCapacity: Int

    /// Completed records: record `r` holds fields `recordFieldEnds[r - 1] ..< recordFieldEnds[r]`.
    var recordFieldEnds: UnsafeMutablePointer<Int>
    var recordStartLines: UnsafeMutablePointer<Int>
    var recordEndLines: UnsafeMutablePointer<Int>
    var recordCount = 0
    var recordCapacity: Int
    /// The first field of the record being assembled.
    var partialRecordStart = 0

    /// The 1-based line libcsv is on: line feeds seen so far, plus one.
    var currentLine = 1
    /// The line the record being assembled started on.
    var partialRecordLine = 1
    /// Whether the fields of the current chunk may hold line feeds (the chunk, or the one before
    /// it, has a quote character).
    var countsEmbeddedLineFeeds = false
    /// A record ended with a carriage return; a line feed should follow.
    var pendingCarriageReturn = false
    /// The line of the first record that began after a lone carriage return, or 0.
    var bareCarriageReturnLine = 0

    init() {
        byteCapacity = 1 << 16
        bytes = .allocate(capacity: byteCapacity)
        fieldCapacity = 1 << 12
        ends = .allocate(capacity: fieldCapacity)
        nulls = .allocate(capacity: fieldCapacity)
        recordCapacity = 1 << 10
        recordFieldEnds = .allocate(capacity: recordCapacity)
        recordStartLines = .allocate(capacity: recordCapacity)
        recordEndLines = .allocate(capacity: recordCapacity)
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
        nulls.deallocate()
        recordFieldEnds.deallocate()
        recordStartLines.deallocate()
        recordEndLines.deallocate()
    }

    /// The number of fields in the record being assembled.
    var partialFieldCount: Int { fieldCount - partialRecordStart }

    /// Drops the records handed out, keeping the fields of the record still being assembled.
    mutating func discardCompletedRecords() {
        if partialRecordStart > 0 {
            let firstByte = ends[partialRecordStart - 1]
            let keptBytes = byteCount - firstByte
            if keptBytes > 0 { bytes.update(from: bytes + firstByte, count: keptBytes) }
            for field in 0..<partialFieldCount {
                ends[field] = ends[partialRecordStart + field] - firstByte
                nulls[field] = nulls[partialRecordStart + field]
            }
            byteCount = keptBytes
            fieldCount = partialFieldCount
            partialRecordStart = 0
        }
        recordCount = 0
    }

    /// Appends one field (libcsv's field callback). `source == nil` marks an unquoted empty field.
    @inline(__always)
    mutating func appendField(_ source: UnsafeRawPointer?, count: Int) {
        if fieldCount == partialRecordStart {
            partialRecordLine = currentLine
            if pendingCarriageReturn && bareCarriageReturnLine == 0 { bareCarriageReturnLine = currentLine }
        }
        if fieldCount == fieldCapacity { growFields() }
        // 16 bytes of slack: short fields are copied as two whole words.
        if byteCount + count + 16 > byteCapacity { growBytes(toFit: byteCount + count + 16) }
        if let source, count > 0 {
            let to = UnsafeMutableRawPointer(bytes + byteCount)
            if count <= 16 {
                // Most fields are a few bytes: two word copies beat calls to memmove and memchr.
                // Reading past the field is safe: libcsv always hands over its entry buffer,
                // which it allocates in blocks of at least 128 bytes.
                let low = source.loadUnaligned(as: UInt64.self)
                let high = source.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                to.storeBytes(of: low, as: UInt64.self)
                to.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
                if countsEmbeddedLineFeeds { currentLine += Self.lineFeeds(low, high, count: count) }
            } else {
                to.copyMemory(from: source, byteCount: count)
                if countsEmbeddedLineFeeds { currentLine += countLineFeeds(UnsafeRawBufferPointer(start: source, count: count)) }
            }
            byteCount += count
        }
        ends[fieldCount] = byteCount
        nulls[fieldCount] = source == nil
        fieldCount += 1
    }

    /// The number of line feeds among the first `count` (1...16) bytes of two little-endian words.
    @inline(__always)
    private static func lineFeeds(_ low: UInt64, _ high: UInt64, count: Int) -> Int {
        let sevens: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Exact zero-byte detection (no false positives): 0x80 in each byte of x that is zero.
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & sevens) &+ sevens) | x | sevens) }
        let feeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let lowMask: UInt64 = count >= 8 ? ~0 : (1 << (UInt64(count) * 8)) &- 1
        let highMask: UInt64 = count >= 16 ? ~0 : count <= 8 ? 0 : (1 << (UInt64(count - 8) * 8)) &- 1
        let lowHits = zeroBytes(low ^ feeds) & lowMask
        let highHits = zeroBytes(high ^ feeds) & highMask
        // Line feeds inside fields are rare, and without a POPCNT baseline the count is costly.
        if lowHits | highHits == 0 { return 0 }
        return lowHits.nonzeroBitCount + highHits.nonzeroBitCount
    }

    /// Ends a record, or notes a line ending (libcsv's record callback, with `CSV_REPALL_NL`).
    @inline(__always)
    mutating func endRecord(terminator: Int32) {
        if fieldCount > partialRecordStart {
            if recordCount == recordCapacity { growRecords() }
            recordFieldEnds[recordCount] = fieldCount
            recordStartLines[recordCount] = partialRecordLine
            recordEndLines[recordCount] = currentLine
            recordCount += 1
            partialRecordStart = fieldCount
            pendingCarriageReturn = terminator == 0x0D
        } else if terminator == 0x0D {
            return  // the CR of a blank CRLF line: its LF follows
        } else {
            pendingCarriageReturn = false
        }
        if terminator == 0x0A { currentLine += 1 }
    }

    private mutating func growFields() {
        let newCapacity = fieldCapacity * 2
        ends = Self.grow(ends, count: fieldCount, to: newCapacity)
        nulls = Self.grow(nulls, count: fieldCount, to: newCapacity)
        fieldCapacity = newCapacity
    }

    private mutating func growRecords() {
        let newCapacity = recordCapacity * 2
        recordFieldEnds = Self.grow(recordFieldEnds, count: recordCount, to: newCapacity)
        recordStartLines = Self.grow(recordStartLines, count: recordCount, to: newCapacity)
        recordEndLines = Self.grow(recordEndLines, count: recordCount, to: newCapacity)
        recordCapacity = newCapacity
    }

    private mutating func growBytes(toFit needed: Int) {
        var newCapacity = byteCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        bytes = Self.grow(bytes, count: byteCount, to: newCapacity)
        byteCapacity = newCapacity
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}

/// The number of line feeds in `bytes`.
func countLineFeeds(_ bytes: UnsafeRawBufferPointer) -> Int {
    guard var cursor = bytes.baseAddress else { return 0 }
    var remaining = bytes.count
    var lines = 0
    while remaining > 0, let hit = memchr(cursor, 0x0A, remaining) {
        lines += 1
        let advance = UnsafeRawPointer(hit) - cursor + 1
        cursor += advance
        remaining -= advance
    }
    return lines
}

// libcsv's callbacks. C function pointers cannot capture context, so the assembler travels through
// libcsv's `void *data` argument. Closure literals typed `@convention(c)` compile straight to C
// functions (no thunk).

let assemblerFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    field, count, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: RecordAssembler.self).pointee.appendField(field, count: count)
}

let assemblerRecordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: RecordAssembler.self).pointee.endRecord(terminator: terminator)
}

/// libcsv's space predicate: nothing is a space, so spaces and tabs around unquoted fields are kept
/// as data, as RFC 4180 says (libcsv trims them by default).
let noSpaceCharacters: @convention(c) (UInt8) -> Int32 = { _ in 0 }
