import Foundation
import GRDB

/// The privacy budget ledger: a SQLite file recording every DP fit against a dataset, so that
/// the total spent on a dataset — across fits, processes and days — is known and capped.
///
/// Protocol for a trainer:
/// 1. ``reserve(datasetID:mechanisms:delta:accountant:)`` before touching private rows. It
///    composes every earlier fit on the dataset with the planned mechanisms and refuses (throws
///    ``LedgerError/budgetExceeded(datasetID:budget:spent:wouldBe:fitEpsilon:)``) if the total
///    would exceed the dataset's cap. The check and the insert happen in one IMMEDIATE
///    transaction, so two processes racing for the last of a budget cannot both pass.
/// 2. Train.
/// 3. ``complete(fitID:modelHash:executedMechanisms:)`` when done, or
///    ``abort(fitID:executedMechanisms:)`` with what actually ran (nothing, if it stopped before
///    reading private data).
///
/// A fit that never reaches step 3 (crash, kill) stays `reserved` and counts as fully spent.
public final class BudgetLedger: Sendable {
    /// `~/.profilegan/ledger.sqlite`.
    public static var defaultPath: String {
        FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".profilegan/ledger.sqlite").path
    }

    /// The ledger file.
    public let path: String
    private let database: DatabaseQueue

    /// Opens (creating if needed) the ledger at `path`. Other processes may use the same file
    /// concurrently; writers wait up to `busyTimeout` seconds for each other.
    public init(path: String = BudgetLedger.defaultPath, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        database = try DatabaseQueue(path: path, configuration: configuration)
        try immediateTransaction(Self.createSchema)
    }

    /// Runs `body` in a BEGIN IMMEDIATE transaction: the write lock is taken before anything is
    /// read, so a read-check-insert sequence cannot interleave with another process's.
    func immediateTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Reads in a (deferred) transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }
}
