import Foundation
import GRDB

/// The privacy budget ledger: a SQLite file recording every DP fit against a dataset, so that
/// the total spent on a dataset — across fits, processes and days — is known and capped.
///
/// The file is an append-only journal of hash-chained entries (``LedgerEntry``): each entry's
/// SHA-256 covers its content and the previous entry's hash, and the head (last sequence number and
/// hash) is kept apart, so editing or deleting any entry is detected on the next use and reported as
/// ``LedgerError/tampered(path:entry:reason:)``. The state (datasets, caps, fits) is the fold of
/// the journal; nothing is ever updated in place.
///
/// Protocol for a trainer (``PrivateFit`` in the synthesizer does all of it):
/// 1. ``reserve(datasetID:mechanisms:delta:accountant:process:replayableNoise:)`` before touching
///    private rows. It composes every earlier fit on the dataset with the planned mechanisms and
///    refuses (``LedgerError/budgetExceeded(datasetID:budget:spent:wouldBe:fitEpsilon:)``) if the
///    total would exceed the dataset's cap. The check and the append happen in one IMMEDIATE
///    transaction, so two processes racing for the last of a budget cannot both pass.
/// 2. ``markTrainingStarted(fitID:)`` before the first private row is read for training.
/// 3. ``complete(fitID:modelHash:executedMechanisms:)`` when done, or
///    ``abort(fitID:executedMechanisms:)`` with what actually ran.
///
/// A fit that never reaches step 3 (crash, kill) stays `reserved` and counts as fully spent;
/// ``release(fitID:)`` frees it only when the ledger can show the fit never started training and
/// its process is gone.
public final class BudgetLedger: Sendable {
    /// `~/.profilegan/ledger.sqlite`.
    public static var defaultPath: String {
        FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".profilegan/ledger.sqlite").path
    }

    /// How a ledger is opened.
    public enum OpenMode: Sendable {
        /// Create the file (and its folder) if missing; read and write.
        case create
        /// The file must exist; nothing is created (audits).
        case existing
    }

    /// The ledger file.
    public let path: String
    private let database: DatabaseQueue

    /// Opens the ledger at `path`. Other processes may use the same file concurrently; a writer
    /// waits up to `busyTimeout` seconds for another's lock, calling `waiting` once (with a
    /// sentence naming the file and the wait) when it starts waiting.
    public init(path: String = BudgetLedger.defaultPath, mode: OpenMode = .create, busyTimeout: TimeInterval = 60,
                waiting: (@Sendable (String) -> Void)? = nil) throws {
        self.path = path
        if mode == .existing {
            guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.noLedger(path: path) }
        } else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw LedgerError.database(path: path, message: "cannot create its folder \(folder.path): \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        let pollSeconds = 0.05
        let maximumTries = Int((busyTimeout / pollSeconds).rounded(.up))
        configuration.busyMode = .callback { tries in
            if tries == 0 {
                waiting?("the privacy ledger \(path) is locked by another process; waiting up to \(Int(busyTimeout)) s for it…")
            }
            guard tries < maximumTries else { return false }
            Thread.sleep(forTimeInterval: pollSeconds)
            return true
        }
        configuration.foreignKeysEnabled = true
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw LedgerError.translating(error, path: path, busyTimeout: busyTimeout)
        }
        self.busyTimeout = busyTimeout
        if mode == .existing {
            // An audit writes nothing, not even the tables.
            try read { db in
                if try db.tableExists("fits") && !db.tableExists("entries") { throw LedgerError.oldFormat }
                guard try db.tableExists("entries") && db.tableExists("meta") else {
                    throw LedgerError.database(path: path, message: "the file is not a ProfileGAN privacy ledger (no journal in it)")
                }
            }
        } else {
            try immediateTransaction(Self.createSchema)
        }
    }

    let busyTimeout: TimeInterval

    /// Runs `body` in a BEGIN IMMEDIATE transaction: the write lock is taken before anything is
    /// read, so a read-check-append sequence cannot interleave with another process's.
    func immediateTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw LedgerError.translating(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Reads in a (deferred) transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw LedgerError.translating(error, path: path, busyTimeout: busyTimeout)
        }
    }
}
