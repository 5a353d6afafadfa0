import Dispatch
import Foundation
import ProfileGAN
import Synchronization

/// Turns Ctrl-C (SIGINT) into a clean stop request for a running fit instead of killing the process
/// mid-write. A second Ctrl-C exits at once (nothing is half-written: all outputs go through a
/// temporary file and a rename).
// @unchecked: `source` is set once in init and only cancelled in deinit; the counter is atomic.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let count = Atomic<Int>(0)

    init(control: TrainingControl, message: String) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            if self.count.add(1, ordering: .relaxed).newValue > 1 { _exit(130) }
            FileHandle.standardError.write(Data("\n\(message)\n".utf8))
            control.requestStop()
        }
        source.resume()
    }

    /// Whether the user pressed Ctrl-C.
    var interrupted: Bool { count.load(ordering: .relaxed) > 0 }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
