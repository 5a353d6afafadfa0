/// Where one field's bytes are: `count` bytes at `start`, in the reader's input buffer or in its
/// copies. `start == nil` marks an unquoted empty field, which means missing.
struct FieldSpan {
    var start: UnsafePointer<UInt8>?
    var count: Int

    /// The field's bytes (empty for a missing field).
    @inline(__always)
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
}
