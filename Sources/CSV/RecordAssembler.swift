#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records libcsv's callbacks produce from one slice of input, queued for ``CSVReader`` to
/// hand out one at a time, with the line bookkeeping libcsv does not do (it reports positions only
/// as byte offsets and skips blank lines).
///
/// Fields are not copied when they can be found in the input itself. libcsv hands each field over
/// in its own entry buffer, which it has just written a byte at a time; reading it back word by
/// word stalls the processor on those pending stores, and was the reader's largest cost. So when a
/// slice begins at a record boundary the assembler keeps a *cursor* into it: in libcsv's strict
/// mode, with no byte trimmed (the reader installs the space predicate whenever a slice has a
/// blank at a field edge), every input byte is field content, a delimiter or line ending that
/// triggers a callback, or a quote of a quoted field. An unquoted field of `n` bytes is the `n`
/// bytes at the cursor, and the cursor moves past them and the byte that ended the field. A
/// quoted field is found by its opening quote at the cursor; it is used in place unless it has
/// doubled quotes (libcsv's copy is kept then). Fields of slices that begin inside a record (a
/// record longer than a read, or a line feed inside quotes) are copied from libcsv's buffer into
/// `spill`, as are those of an unfinished record when the next read overwrites the input.
///
/// Lines are counted from the callbacks alone: with `CSV_REPALL_NL` every unquoted line feed
/// reaches the record callback (a blank line as an empty record), and line feeds inside quoted
/// fields are counted in the field callback (only quoted fields can hold them).
///
/// It lives behind an `UnsafeMutablePointer` handed to libcsv as its `void *` context, so the
/// callbacks touch plain memory without Swift's exclusivity checks.
struct RecordAssembler {
    /// The fields' bytes, in the input or in `spill`; an unquoted empty field (libcsv's
    /// `CSV_EMPTY_IS_NULL`) has no start.
    var fields: UnsafeMutablePointer<FieldSpan>
    var fieldCount = 0
    var fieldCapacity: Int
    /// Copies of fields that are not in the input as they are.
    var spill: UnsafeMutablePointer<UInt8>
    var spillCount = 0
    var spillCapacity: Int

    /// Completed records: record `r` holds fields `recordFieldEnds[r - 1] ..< recordFieldEnds[r]`.
    var recordFieldEnds: UnsafeMutablePointer<Int>
    var recordStartLines: UnsafeMutablePointer<Int>
    var recordEndLines: UnsafeMutablePointer<Int>
    var recordCount = 0
    var recordCapacity: Int
    /// The first field of the record being assembled.
    var partialRecordStart = 0

    /// Where the next field starts in the slice being parsed, or `nil` when the slice began inside
    /// a record (fields are then copied from libcsv's buffer).
    var cursor: UnsafePointer<UInt8>?

    /// The 1-based line libcsv is on: line feeds seen so far, plus one.
    var currentLine = 1
    /// The line the record being assembled started on (the line after the last line ending: only
    /// a quoted field moves `currentLine` inside a record).
    var partialRecordLine = 1
    /// A record ended with a carriage return; a line feed should follow.
    var pendingCarriageReturn = false
    /// The line of the first record that began after a lone carriage return, or 0.
    var bareCarriageReturnLine = 0

    init() {
        fieldCapacity = 1 << 12
        fields = .allocate(capacity: fieldCapacity)
        spillCapacity = 1 << 16
        spill = .allocate(capacity: spillCapacity)
        recordCapacity = 1 << 10
        recordFieldEnds = .allocate(capacity: recordCapacity)
        recordStartLines = .allocate(capacity: recordCapacity)
        recordEndLines = .allocate(capacity: recordCapacity)
    }

    func deallocate() {
        fields.deallocate()
        spill.deallocate()
        recordFieldEnds.deallocate()
        recordStartLines.deallocate()
        recordEndLines.deallocate()
    }

    /// The number of fields in the record being assembled.
    var partialFieldCount: Int { fieldCount - partialRecordStart }

    /// Drops the records handed out. The fields of the record still being assembled move to the
    /// front of the field array and their bytes into a fresh `spill`, because the input they may
    /// point into is about to be overwritten.
    mutating func discardCompletedRecords() {
        recordCount = 0
        cursor = nil
        let kept = partialFieldCount
        guard kept > 0 else {
            fieldCount = 0
            partialRecordStart = 0
            spillCount = 0
            return
        }
        var keptBytes = 0
        for field in partialRecordStart..<fieldCount { keptBytes += fields[field].count }
        let newCapacity = max(spillCapacity, Self.capacity(toFit: keptBytes))
        let newSpill = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        var used = 0
        for index in 0..<kept {
            var field = fields[partialRecordStart + index]
            if let start = field.start {
                (newSpill + used).update(from: start, count: field.count)
                field.start = UnsafePointer(newSpill + used)
                used += field.count
            }
            fields[index] = field
        }
        spill.deallocate()
        spill = newSpill
        spillCapacity = newCapacity
        spillCount = used
        fieldCount = kept
        partialRecordStart = 0
    }

    /// Appends one field (libcsv's field callback). `source == nil` marks an unquoted empty field.
    @inline(__always)
    mutating func appendField(_ source: UnsafeRawPointer?, count: Int) {
        if fieldCount == fieldCapacity { growFields() }
        // A missing field's cursor points at the byte that ended it; at the end of the input, past
        // the data, so it is not read.
        if let at = cursor, source == nil || at.pointee != quote {
            fields[fieldCount] = FieldSpan(start: source == nil ? nil : at, count: count)
            cursor = at + count + 1
        } else if let source {
            appendQuotedOrCopiedField(source, count: count)
        } else {
            fields[fieldCount] = FieldSpan(start: nil, count: 0)
        }
        fieldCount += 1
    }

    /// A quoted field at the cursor, or any field when there is no cursor.
    @inline(never)
    private mutating func appendQuotedOrCopiedField(_ source: UnsafeRawPointer, count: Int) {
        let content = UnsafeRawBufferPointer(start: source, count: count)
        currentLine += countLineFeeds(content)
        guard let at = cursor else {
            copyToSpill(content)
            return
        }
        // In the input each quote of the content is doubled, and the field is closed by a quote and
        // one delimiter or line ending.
        let innerQuotes = countBytes(content, equalTo: quote)
        cursor = at + count + innerQuotes + 3
        if innerQuotes == 0 {
            fields[fieldCount] = FieldSpan(start: at + 1, count: count)
        } else {
            copyToSpill(content)
        }
    }

    private mutating func copyToSpill(_ content: UnsafeRawBufferPointer) {
        if spillCount + content.count > spillCapacity { growSpill(toFit: spillCount + content.count) }
        let to = spill + spillCount
        if let from = content.baseAddress { UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: content.count) }
        fields[fieldCount] = FieldSpan(start: UnsafePointer(to), count: content.count)
        spillCount += content.count
    }

    /// Ends a record, or notes a line ending (libcsv's record callback, with `CSV_REPALL_NL`).
    @inline(__always)
    mutating func endRecord(terminator: Int32) {
        if fieldCount > partialRecordStart {
            // The line ending was passed over with the record's last field.
            if pendingCarriageReturn && bareCarriageReturnLine == 0 { bareCarriageReturnLine = partialRecordLine }
            if recordCount == recordCapacity { growRecords() }
            recordFieldEnds[recordCount] = fieldCount
            recordStartLines[recordCount] = partialRecordLine
            recordEndLines[recordCount] = currentLine
            recordCount += 1
            partialRecordStart = fieldCount
            pendingCarriageReturn = terminator == 0x0D
        } else {
            // A line ending outside any record: a blank line, or the LF of a CRLF.
            if let at = cursor { cursor = at + 1 }
            if terminator == 0x0D { return }  // the CR of a blank CRLF line: its LF follows
            pendingCarriageReturn = false
        }
        if terminator == 0x0A { currentLine += 1 }
        partialRecordLine = currentLine
    }

    @inline(never)
    private mutating func growFields() {
        let newCapacity = fieldCapacity * 2
        fields = Self.grow(fields, count: fieldCount, to: newCapacity)
        fieldCapacity = newCapacity
    }

    @inline(never)
    private mutating func growRecords() {
        let newCapacity = recordCapacity * 2
        recordFieldEnds = Self.grow(recordFieldEnds, count: recordCount, to: newCapacity)
        recordStartLines = Self.grow(recordStartLines, count: recordCount, to: newCapacity)
        recordEndLines = Self.grow(recordEndLines, count: recordCount, to: newCapacity)
        recordCapacity = newCapacity
    }

    /// Moves `spill` to a larger allocation and repoints the fields stored in it.
    private mutating func growSpill(toFit needed: Int) {
        let newCapacity = Self.capacity(toFit: needed)
        let old = UnsafePointer(spill)
        spill = Self.grow(spill, count: spillCount, to: newCapacity)
        spillCapacity = newCapacity
        let oldEnd = old + spillCount
        for field in 0..<fieldCount {
            if let start = fields[field].start, start >= old && start < oldEnd {
                fields[field].start = UnsafePointer(spill) + (start - old)
            }
        }
    }

    /// The smallest power of two, at least 64 KiB, that holds `needed`.
    private static func capacity(toFit needed: Int) -> Int {
        var capacity = 1 << 16
        while capacity < needed { capacity *= 2 }
        return capacity
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}

/// The quote character (libcsv's default).
private let quote: UInt8 = 0x22

/// The number of line feeds in `bytes`.
func countLineFeeds(_ bytes: UnsafeRawBufferPointer) -> Int {
    countBytes(bytes, equalTo: 0x0A)
}

/// The number of bytes in `bytes` equal to `target` (few matches expected: one `memchr` each).
func countBytes(_ bytes: UnsafeRawBufferPointer, equalTo target: UInt8) -> Int {
    guard var cursor = bytes.baseAddress else { return 0 }
    var remaining = bytes.count
    var matches = 0
    while remaining > 0, let hit = memchr(cursor, Int32(target), remaining) {
        matches += 1
        let advance = UnsafeRawPointer(hit) - cursor + 1
        cursor += advance
        remaining -= advance
    }
    return matches
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
