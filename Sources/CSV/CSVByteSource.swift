#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input for `-`) in large chunks through `read(2)`, so the reader never
/// holds more than one chunk of the input in memory. `package`: the CSV benchmark's libcsv
/// baseline (ProfileGANBenchmarks) reads through it too, so both see the same I/O.
package final class CSVByteSource {
    /// The name used in messages: the path, or `<stdin>` for `-`.
    package let displayName: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    package let buffer: UnsafeMutablePointer<UInt8>
    let capacity: Int

    package init(path: String, chunkSize: Int = 1 << 20) throws(CSVError) {
        if path == "-" {
            displayName = "<stdin>"
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            displayName = path
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CSVError(.io, file: path, message: "cannot open: \(systemErrorText())")
            }
            descriptor = fd
            ownsDescriptor = true
        }
        capacity = chunkSize
        buffer = .allocate(capacity: chunkSize)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
        buffer.deallocate()
    }

    /// Fills the buffer from `offset` on; returns the number of bytes now in the buffer past
    /// `offset` (0 at end of input). Retries interrupted reads.
    package func fill(from offset: Int = 0) throws(CSVError) -> Int {
        while true {
            let count = read(descriptor, buffer + offset, capacity - offset)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CSVError(.io, file: displayName, message: "cannot read: \(systemErrorText())")
        }
    }
}

/// The text of the current `errno`.
func systemErrorText() -> String {
    String(cString: strerror(errno))
}
