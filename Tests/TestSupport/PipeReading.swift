import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileHandle {
    /// Everything until end of file, retrying reads interrupted by signals. Foundation's
    /// `readDataToEndOfFile()` traps on EINTR on Linux, which child processes exiting during a
    /// parallel test run (SIGCHLD) can cause.
    public func readAllRetryingInterrupts() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }
}
