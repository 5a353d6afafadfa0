import Foundation
import Synchronization

/// A one-line progress display on standard error, redrawn in place when stderr is a terminal and
/// printed as occasional plain lines otherwise (so logs stay readable). Silent with `--quiet`.
/// Thread-safe: library callbacks may report from any thread.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = 0.0
        var lastLength = 0
    }

    private let enabled: Bool
    private let interactive: Bool
    private let state = Mutex(State())

    init(quiet: Bool) {
        enabled = !quiet
        interactive = isatty(STDERR_FILENO) != 0
    }

    /// Shows `fraction` done (0…1) with a message after the bar. Redraws at most 10 times a second
    /// (every 10 s when not a terminal) unless `force` (the final state must always be drawn).
    func update(fraction: Double, message: String, force: Bool = false) {
        guard enabled else { return }
        state.withLock { state in
            let now = Date().timeIntervalSinceReferenceDate
            if !force && now - state.lastDraw < (interactive ? 0.1 : 10) { return }
            state.lastDraw = now
            let width = 24
            let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = "\(bar) \(String(format: "%3.0f%%", fraction * 100)) \(message)"
            if interactive {
                let padding = String(repeating: " ", count: max(0, state.lastLength - line.count))
                FileHandle.standardError.write(Data("\r\(line)\(padding)".utf8))
                state.lastLength = line.count
            } else {
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
    }

    /// Ends the line so later output starts on a fresh one.
    func finish() {
        guard enabled, interactive else { return }
        state.withLock { state in
            guard state.lastLength > 0 else { return }
            FileHandle.standardError.write(Data("\n".utf8))
            state.lastLength = 0
        }
    }

    /// `1h02m`, `3m05s`, `12s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
