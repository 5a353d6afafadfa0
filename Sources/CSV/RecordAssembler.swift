#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state libcsv's callbacks write into: the fields of the record being assembled, packed into
/// one growable byte buffer, plus the line bookkeeping libcsv does not do (it reports positions only
/// as byte offsets, and silently skips blank lines).
///
/// It lives behind an `UnsafeMutablePointer` handed to libcsv as its `void *` context, so the
/// callbacks touch plain memory without Swift's dynamic exclusivity checks on class properties.
struct RecordAssembler {
    /// Field bytes of the current record, back to back.
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCount = 0
    var byteCapacity: Int
    /// `ends[i]` is the end offset in `bytes` of field `i`; field `i` starts at `ends[i - 1]` (or 0).
    var ends: UnsafeMutablePointer<Int>
    /// `nulls[i]` is true when field `i` was an unquoted empty field (libcsv's `CSV_EMPTY_IS_NULL`).
    var nulls: UnsafeMutablePointer<Bool>
    var fieldCount = 0
    var fieldCapacity: Int

    /// The 1-based line of the piece of input being fed to libcsv right now.
    var currentLine = 1
    /// The line on which the previous record ended (0 before the first record).
    var lastRecordEndLine = 0
    /// The line on which the current record starts, and the one where it ended.
    var recordStartLine = 0
    var recordEndLine = 0
    /// Records completed since the last ``reset()``, and how many fields the first one had.
    var completedRecords = 0
    var fieldCountAtCompletion = 0

    init() {
        byteCapacity = 1 << 12
        bytes = .allocate(capacity: byteCapacity)
        fieldCapacity = 64
        ends = .allocate(capacity: fieldCapacity)
        nulls = .allocate(capacity: fieldCapacity)
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
        nulls.deallocate()
    }

    /// Forgets the previous record before assembling the next one.
    mutating func reset() {
        byteCount = 0
        fieldCount = 0
        completedRecords = 0
    }

    /// Appends one field (libcsv's field callback). `source == nil` marks an unquoted empty field.
    @inline(__always)
    mutating func appendField(_ source: UnsafeRawPointer?, count: Int) {
        if fieldCount == 0 { recordStartLine = startLineOfFirstField(source, count: count) }
        if fieldCount == fieldCapacity { growFields() }
        if byteCount + count > byteCapacity { growBytes(toFit: byteCount + count) }
        if let source, count > 0 {
            let from = source.assumingMemoryBound(to: UInt8.self)
            let to = bytes + byteCount
            // Most fields are a few bytes: a plain loop beats a call to memmove.
            if count <= 16 {
                for index in 0..<count { to[index] = from[index] }
            } else {
                to.update(from: from, count: count)
            }
            byteCount += count
        }
        ends[fieldCount] = byteCount
        nulls[fieldCount] = source == nil
        fieldCount += 1
    }

    /// Ends the record (libcsv's record callback).
    @inline(__always)
    mutating func endRecord() {
        completedRecords += 1
        if completedRecords == 1 { fieldCountAtCompletion = fieldCount }
        recordEndLine = currentLine
        lastRecordEndLine = currentLine
    }

    /// The line a record starts on, seen from its first field: the current line, unless blank lines
    /// or line breaks inside the (quoted) first field lie between the previous record and here.
    private func startLineOfFirstField(_ source: UnsafeRawPointer?, count: Int) -> Int {
        if currentLine <= lastRecordEndLine + 1 { return currentLine }
        guard let source else { return currentLine }
        return currentLine - countLineFeeds(UnsafeRawBufferPointer(start: source, count: count))
    }

    private mutating func growFields() {
        let newCapacity = fieldCapacity * 2
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newEnds.update(from: ends, count: fieldCount)
        ends.deallocate()
        ends = newEnds
        let newNulls = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newNulls.update(from: nulls, count: fieldCount)
        nulls.deallocate()
        nulls = newNulls
        fieldCapacity = newCapacity
    }

    private mutating func growBytes(toFit needed: Int) {
        var newCapacity = byteCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBytes.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = newBytes
        byteCapacity = newCapacity
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
// libcsv's `void *data` argument.

// Closure literals typed `@convention(c)` compile straight to C functions (no thunk).

let assemblerFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    field, count, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: RecordAssembler.self).pointee.appendField(field, count: count)
}

let assemblerRecordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: RecordAssembler.self).pointee.endRecord()
}

/// libcsv's space predicate: nothing is a space, so spaces and tabs around unquoted fields are kept
/// as data, as RFC 4180 says (libcsv trims them by default).
let noSpaceCharacters: @convention(c) (UInt8) -> Int32 = { _ in 0 }
