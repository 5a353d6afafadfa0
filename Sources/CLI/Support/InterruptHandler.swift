import ArgumentParser
import Dispatch
import Foundation
import ProfileGAN
import Synchronization

/// What `fit` does with the model of the last finished epoch when it is interrupted.
enum InterruptAction: String, ExpressibleByArgument, CaseIterable {
    /// Save it (the default when standard input is not a terminal: CI, nohup, pipes).
    case save
    /// Discard it.
    case discard
    /// Ask on the terminal (the default when standard input is one).
    case ask

    /// `ask` on a terminal, `save` otherwise — nobody could answer the question.
    static var `default`: InterruptAction { isatty(STDIN_FILENO) != 0 ? .ask : .save }

    /// What the user is told when the stop is requested.
    var promise: String {
        switch self {
        case .save: "the model of the last finished epoch will be saved"
        case .discard: "the model will not be saved (--on-interrupt discard)"
        case .ask: "you will be asked whether to save the model of the last finished epoch"
        }
    }
}

/// Turns SIGINT (Ctrl-C) and SIGTERM into a clean stop request for a running fit instead of killing
/// the process mid-write. A second signal exits at once, without saving (outputs are unnamed files
/// until committed, so nothing half-written remains; named temporaries are removed).
// @unchecked: `sources` are set once in init and only cancelled in deinit; the counter is atomic.
final class InterruptHandler: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let count = Atomic<Int>(0)
    private let lastSignal = Atomic<Int32>(0)

    init(control: TrainingControl, action: InterruptAction) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                self.lastSignal.store(number, ordering: .relaxed)
                if self.count.add(1, ordering: .relaxed).newValue > 1 {
                    OutputFile.removeTemporaryFiles()
                    FileHandle.standardError.write(Data("\nstopped at once: nothing saved\n".utf8))
                    _exit(128 + number)
                }
                let name = number == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM"
                FileHandle.standardError.write(Data("\n\(name): stopping after this epoch; \(action.promise) (send it again to stop at once without saving)\n".utf8))
                control.requestStop()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a stop was requested by a signal.
    var interrupted: Bool { count.load(ordering: .relaxed) > 0 }

    /// The exit status for an interrupted run: 128 + the signal's number (130 for SIGINT).
    var exitCode: ExitCode { ExitCode(128 + lastSignal.load(ordering: .relaxed)) }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
