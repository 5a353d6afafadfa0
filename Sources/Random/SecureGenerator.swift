#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Randomness from the operating system's cryptographically secure source (`/dev/urandom` on
/// Linux, `arc4random_buf` on Apple systems).
///
/// Differential-privacy noise must not be predictable by someone who knows the code and the
/// output, so DP runs draw their noise from here unless the user asks for a reproducible run with
/// `--seed`. Bytes are fetched in blocks to keep the system-call rate low.
public struct SecureGenerator: RandomNumberGenerator, Sendable {
    // 32 KiB per read: a DP step draws a normal for every discriminator parameter (~10⁵ words), and
    // one system call per 2 KiB showed in the DP fit's time.
    private var buffer = [UInt64](repeating: 0, count: 4096)
    private var position = 4096

    public init() {}

    public mutating func next() -> UInt64 {
        if position == buffer.count { refill() }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func refill() {
        buffer.withUnsafeMutableBytes { raw in
            #if canImport(Glibc)
            // /dev/urandom is the kernel's CSPRNG (the same pool getrandom(2) reads; Glibc's module
            // map does not expose getrandom itself).
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { fatalError("cannot open /dev/urandom (errno \(errno)); refusing to continue without secure randomness") }
            defer { close(fd) }
            var filled = 0
            while filled < raw.count {
                let got = read(fd, raw.baseAddress!.advanced(by: filled), raw.count - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    fatalError("reading /dev/urandom failed (errno \(errno)); refusing to continue without secure randomness")
                }
                filled += got
            }
            #else
            arc4random_buf(raw.baseAddress!, raw.count)
            #endif
        }
        position = 0
    }
}

extension SecureGenerator {
    /// A fresh seed from the OS, for runs that were not given one (it is recorded so they can be repeated).
    public static func freshSeed() -> UInt64 {
        var generator = SecureGenerator()
        return generator.next()
    }
}
