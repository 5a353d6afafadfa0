#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text from users and files made safe to print in a message: control characters (NUL, escape,
/// carriage return…) would corrupt or hide terminal output, so they are shown escaped
/// (`\0`, `\t`, `\u{1B}`).
public enum MessageText {
    /// `text` with every control character escaped; other characters unchanged. With
    /// `keepingLineBreaks`, line feeds stay as they are (for multi-line messages).
    public static func escaped(_ text: some StringProtocol, keepingLineBreaks: Bool = false) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool { isControl(scalar) && !(keepingLineBreaks && scalar == "\n") }
        guard text.unicodeScalars.contains(where: needsEscape) else { return String(text) }
        var out = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Why `path` cannot be read, in words, from the file system itself (a folder, missing,
    /// unreadable), or nil when nothing is visibly wrong with it.
    public static func unreadableReason(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? "no such file" : String(cString: strerror(errno))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return "is a folder, not a file" }
        if access(path, R_OK) != 0 { return "permission denied (the file is not readable by this user)" }
        return nil
    }
}
