import Foundation

/// A process, named so that a reused pid is not mistaken for it: the pid, the kernel's boot id,
/// and the process's start time in clock ticks since boot (`/proc/PID/stat`, field 22).
///
/// The ledger records the identity of the process that reserved a fit, so that a reservation is
/// only released when that process provably no longer runs.
public struct ProcessIdentity: Codable, Hashable, Sendable {
    public var pid: Int32
    public var bootID: String
    public var startTicks: UInt64

    enum CodingKeys: String, CodingKey {
        case pid
        case bootID = "boot_id"
        case startTicks = "start_ticks"
    }

    public init(pid: Int32, bootID: String, startTicks: UInt64) {
        self.pid = pid
        self.bootID = bootID
        self.startTicks = startTicks
    }

    /// This process.
    public static var current: ProcessIdentity? { of(pid: getpid()) }

    /// The process `pid` as it is now, or nil if there is none (or /proc cannot tell).
    public static func of(pid: Int32) -> ProcessIdentity? {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may contain spaces), starting with field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, bootID: boot.trimmingCharacters(in: .whitespacesAndNewlines), startTicks: start)
    }

    /// Whether this very process may still be running. Conservative: true unless the machine
    /// rebooted since, or its pid is now free or belongs to a process that started at another time.
    public var mayBeRunning: Bool {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return true }
        if boot.trimmingCharacters(in: .whitespacesAndNewlines) != bootID { return false }
        guard FileManager.default.fileExists(atPath: "/proc/self/stat") else { return true }
        guard let now = Self.of(pid: pid) else { return false }
        return now.startTicks == startTicks
    }
}
