#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output path that names one of the command's inputs (or another of its outputs): writing it
/// would destroy data the command reads, so commands refuse before doing any work.
public struct OutputConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// How the output was given (`--output`, `--report`, …) and its path.
    public var output: (role: String, path: String) { (outputRole, outputPath) }
    /// How the clashing file was given and its path.
    public var other: (role: String, path: String) { (otherRole, otherPath) }
    private let outputRole: String, outputPath: String, otherRole: String, otherPath: String

    public init(output: (role: String, path: String), other: (role: String, path: String)) {
        (outputRole, outputPath, otherRole, otherPath) = (output.role, output.path, other.role, other.path)
    }

    public var description: String {
        "\(outputRole) \(outputPath) is the same file as \(otherRole) \(otherPath); refusing to overwrite it (choose another path)"
    }

    /// A file given to a command: its role in messages (`--real`, `the training data`) and path.
    public typealias NamedPath = (role: String, path: String)

    /// Throws when an output is the same file as an input, or as another output: the same device
    /// and inode (after following links, so hard links and symbolic links are caught), or — for an
    /// output that does not exist yet — the same absolute path once `.`/`..` are resolved. `-`
    /// (standard input or output) never clashes.
    public static func check(outputs: [NamedPath], inputs: [NamedPath]) throws(OutputConflict) {
        var seen: [(NamedPath, FileKey)] = []
        for input in inputs where input.path != "-" {
            seen.append((input, FileKey(input.path)))
        }
        for output in outputs where output.path != "-" {
            let key = FileKey(output.path)
            if let clash = seen.first(where: { $0.1.matches(key) }) {
                throw OutputConflict(output: output, other: clash.0)
            }
            seen.append((output, key))
        }
    }

    /// What identifies a file: device and inode when it exists, its resolved absolute path always.
    private struct FileKey {
        var device: UInt64?
        var inode: UInt64?
        var path: String

        init(_ path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                device = UInt64(info.st_dev)
                inode = UInt64(info.st_ino)
            }
            self.path = Self.resolved(path)
        }

        func matches(_ other: FileKey) -> Bool {
            if let device, let inode, let otherDevice = other.device, let otherInode = other.inode {
                return device == otherDevice && inode == otherInode
            }
            return path == other.path
        }

        /// The absolute path with its folder's links resolved (the file itself may not exist yet).
        static func resolved(_ path: String) -> String {
            let (folder, name) = OutputFile.split(path)
            guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
            defer { free(real) }
            let base = String(cString: real)
            return (base.hasSuffix("/") ? base : base + "/") + name
        }
    }
}
