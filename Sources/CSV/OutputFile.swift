#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A file that appears under its name only when complete, and leaves nothing behind otherwise.
///
/// On Linux the bytes go to an unnamed file (`O_TMPFILE`) in the target's folder, linked into place
/// (`linkat`) by ``commit()``: a process killed at any point — even with SIGKILL — leaves no trace,
/// because the kernel frees an unnamed file when its last descriptor closes. Where `O_TMPFILE` is not
/// available (other systems, file systems without it) the bytes go to a hidden temporary
/// `.NAME.tmp-PID-XXXX` beside the target, renamed over it on commit; such temporaries are removed on
/// ``abort()``, by ``removeTemporaryFiles()`` (which the CLI calls on SIGINT and SIGTERM), and — when
/// their process is gone — swept by the next `OutputFile` for the same target.
///
/// Creating an `OutputFile` proves the target can be written (the folder exists and accepts files,
/// the target is not a folder), so commands create their outputs before the work, not after it.
/// `-` writes to standard output directly.
public final class OutputFile {
    /// The name used in messages: the path, or `<stdout>` for `-`.
    public let displayName: String
    private let targetPath: String?
    /// The hidden temporary's path when `O_TMPFILE` could not be used.
    private let namedTemporary: String?
    private var descriptor: Int32
    private var isOpen = true

    /// Opens an unnamed (or hidden temporary) file in the folder of `path`; `-` is standard output.
    ///
    /// Throws ``CSVError`` (kind `.io`, naming `path`) when the target is a folder, its folder does
    /// not exist, or the folder refuses new files.
    public convenience init(path: String) throws(CSVError) {
        try self.init(path: path, allowUnnamed: true)
    }

    /// `allowUnnamed: false` forces the named-temporary fallback (for tests of that path).
    init(path: String, allowUnnamed: Bool) throws(CSVError) {
        if path == "-" {
            displayName = "<stdout>"
            targetPath = nil
            namedTemporary = nil
            descriptor = STDOUT_FILENO
            return
        }
        displayName = path
        targetPath = path
        let (folder, name) = Self.split(path)
        try Self.checkTarget(path, folder: folder)
        Self.sweepStaleTemporaries(folder: folder, name: name)
        #if os(Linux)
        let unnamed = allowUnnamed && Self.canLinkUnnamedFiles ? open(folder.isEmpty ? "." : folder, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0o644) : -1
        if unnamed >= 0 {
            descriptor = unnamed
            namedTemporary = nil
            return
        }
        #endif
        let temporary = Self.temporaryName(folder: folder, name: name)
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CSVError(.io, file: path, message: "cannot create a file in \(folder.isEmpty ? "the current folder" : "folder \(folder)"): \(systemErrorText())")
        }
        namedTemporary = temporary
        Self.registry.withLock { _ = $0.insert(temporary) }
    }

    /// An output that counts nothing and keeps nothing (writes go to `/dev/null`), for measuring
    /// how many bytes something would take.
    public static func discarding() -> OutputFile { OutputFile(discarding: ()) }

    private init(discarding: Void) {
        displayName = "/dev/null"
        targetPath = nil
        namedTemporary = nil
        descriptor = open("/dev/null", O_WRONLY | O_CLOEXEC)
    }

    deinit {
        abort()
        if targetPath == nil && descriptor != STDOUT_FILENO && descriptor >= 0 { close(descriptor) }
    }

    /// Writes all `count` bytes, retrying short and interrupted writes.
    public func write(_ bytes: UnsafeRawPointer, count: Int) throws(CSVError) {
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

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(CSVError) {
        var failure: CSVError?
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            do throws(CSVError) { try write(base, count: raw.count) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Publishes the file under its name (replacing an existing file) and closes it.
    public func commit() throws(CSVError) {
        guard isOpen else { return }
        isOpen = false
        guard let targetPath else { return }
        defer { close(descriptor) }
        if let namedTemporary {
            defer { Self.registry.withLock { _ = $0.remove(namedTemporary) } }
            if rename(namedTemporary, targetPath) != 0 {
                let reason = systemErrorText()
                unlink(namedTemporary)
                throw CSVError(.io, file: targetPath, message: "cannot move the finished file into place: \(reason)")
            }
            return
        }
        #if os(Linux)
        let source = "/proc/self/fd/\(descriptor)"
        if linkat(AT_FDCWD, source, AT_FDCWD, targetPath, AT_SYMLINK_FOLLOW) == 0 { return }
        guard errno == EEXIST else {
            throw CSVError(.io, file: targetPath, message: "cannot move the finished file into place: \(systemErrorText())")
        }
        // The target exists: link under a hidden name, then rename over it (atomic replacement). A
        // kill in between leaves the hidden name, which the next run for this target sweeps.
        let (folder, name) = Self.split(targetPath)
        let temporary = Self.temporaryName(folder: folder, name: name)
        guard linkat(AT_FDCWD, source, AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
            throw CSVError(.io, file: targetPath, message: "cannot move the finished file into place: \(systemErrorText())")
        }
        if rename(temporary, targetPath) != 0 {
            let reason = systemErrorText()
            unlink(temporary)
            throw CSVError(.io, file: targetPath, message: "cannot replace the existing file: \(reason)")
        }
        #endif
    }

    /// Discards what was written, leaving the target as it was (no-op after ``commit()``).
    public func abort() {
        guard isOpen else { return }
        isOpen = false
        guard targetPath != nil else { return }
        close(descriptor)
        if let namedTemporary {
            unlink(namedTemporary)
            Self.registry.withLock { _ = $0.remove(namedTemporary) }
        }
    }

    /// Whether this output is an unnamed `O_TMPFILE` (nothing on disk has a name until commit).
    public var isUnnamed: Bool { targetPath != nil && namedTemporary == nil }

    /// Removes every hidden temporary this process still has open (for signal handlers: the process
    /// is about to exit, and unnamed files need no removal).
    public static func removeTemporaryFiles() {
        for path in registry.withLock({ $0 }) { unlink(path) }
    }

    /// Bytes that an unprivileged user may still write in the folder of `path` (nil when unknown).
    public static func availableBytes(nearPath path: String) -> UInt64? {
        let folder = split(path).folder
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    // MARK: Private

    private static let registry = Mutex<Set<String>>([])

    /// Whether `/proc/self/fd` exists, which `linkat` needs to give an unnamed file its name.
    private static let canLinkUnnamedFiles = access("/proc/self/fd", F_OK) == 0

    /// The folder part (with its trailing slash, empty for the current folder) and the file name.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    private static func temporaryName(folder: String, name: String) -> String {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(folder).\(name).tmp-\(getpid())-\(suffix)"
    }

    /// Refuses a target that is a folder, or whose folder is missing, before anything is created.
    private static func checkTarget(_ path: String, folder: String) throws(CSVError) {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw CSVError(.io, file: path, message: "is a folder; give a file name (for example \(path.hasSuffix("/") ? path : path + "/")NAME)")
        }
        let folderPath = folder.isEmpty ? "." : folder
        let shown = folderPath.count > 1 && folderPath.hasSuffix("/") ? String(folderPath.dropLast()) : folderPath
        if stat(folderPath, &info) != 0 {
            if errno == ENOENT { throw CSVError(.io, file: path, message: "the folder \(shown) does not exist") }
            throw CSVError(.io, file: path, message: "the folder \(shown) cannot be used: \(systemErrorText())")
        }
        if (info.st_mode & S_IFMT) != S_IFDIR {
            throw CSVError(.io, file: path, message: "\(shown) is not a folder")
        }
    }

    /// Removes `.NAME.tmp-PID-…` files beside the target whose process no longer exists (left by a
    /// run that was killed where unnamed files are not available).
    private static func sweepStaleTemporaries(folder: String, name: String) {
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return }
        defer { closedir(directory) }
        let prefix = ".\(name).tmp-"
        while let entry = readdir(directory) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix) else { continue }
            let rest = entryName.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + entryName) }
        }
    }
}

#if os(Linux)
/// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`); Glibc's macro is not imported into Swift.
private let O_TMPFILE: Int32 = 0o20000000 | O_DIRECTORY
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
