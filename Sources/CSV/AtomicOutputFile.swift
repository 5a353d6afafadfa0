#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte sink that writes to a temporary file beside the target and renames it over the target
/// on ``commit()``, so readers never see a half-written file. `-` writes to standard output
/// directly. Dropping an uncommitted file (or calling ``abort()``) removes the temporary file.
final class AtomicOutputFile {
    /// The name used in messages: the path, or `<stdout>` for `-`.
    let displayName: String
    private let targetPath: String?
    private let temporaryPath: String?
    private var descriptor: Int32
    private var isOpen = true

    init(path: String) throws(CSVError) {
        if path == "-" {
            displayName = "<stdout>"
            targetPath = nil
            temporaryPath = nil
            descriptor = STDOUT_FILENO
            return
        }
        displayName = path
        targetPath = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let temporary = "\(folder).\(name).tmp-\(getpid())-\(suffix)"
        temporaryPath = temporary
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CSVError(.io, file: path, message: "cannot create a temporary file beside it: \(systemErrorText())")
        }
    }

    deinit { abort() }

    /// Writes all `count` bytes, retrying short and interrupted writes.
    func write(_ bytes: UnsafeRawPointer, count: Int) throws(CSVError) {
        var offset = 0
        while offset < count {
            let written = systemWrite(descriptor, bytes + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CSVError(.io, file: displayName, message: "cannot write: \(systemErrorText())")
            }
            offset += written
        }
    }

    /// Closes the temporary file and renames it to the target.
    func commit() throws(CSVError) {
        guard isOpen else { return }
        isOpen = false
        guard let targetPath, let temporaryPath else { return }
        if close(descriptor) != 0 {
            unlink(temporaryPath)
            throw CSVError(.io, file: targetPath, message: "cannot finish writing: \(systemErrorText())")
        }
        if rename(temporaryPath, targetPath) != 0 {
            let reason = systemErrorText()
            unlink(temporaryPath)
            throw CSVError(.io, file: targetPath, message: "cannot rename the finished temporary file: \(reason)")
        }
    }

    /// Discards what was written: closes and removes the temporary file (no-op after ``commit()``).
    func abort() {
        guard isOpen else { return }
        isOpen = false
        guard let temporaryPath else { return }
        close(descriptor)
        unlink(temporaryPath)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
