import Crypto
import Foundation
import GRDB

/// The ledger's hash chain: entry k's hash is SHA-256 over (hash of entry k−1, k, kind, body), and
/// the head (last k and its hash) is stored apart. Recomputing the chain detects an edited byte, a
/// deleted or inserted entry, and a truncated tail.
///
/// What it cannot do: someone with write access to the file who recomputes every hash and the
/// head after an edit is not detected (the chain has no key outside the file). Keep the file's
/// permissions tight; `audit --ledger` prints the head hash so it can be noted elsewhere.
enum LedgerChain {
    /// The "previous hash" of the first entry.
    static let genesis = String(repeating: "0", count: 64)

    static func hash(previous: String, seq: Int64, kind: String, body: String) -> String {
        var hasher = Crypto.SHA256()
        hasher.update(data: Data("\(previous)\n\(seq)\n\(kind)\n\(body)".utf8))
        return hasher.finalize().map { $0 }.hexString
    }

    /// Appends `entry` after the current head.
    static func append(_ entry: LedgerEntry, in db: Database) throws {
        guard let headText = try BudgetLedger.meta("head_seq", in: db), let head = Int64(headText),
              let previous = try BudgetLedger.meta("head_hash", in: db)
        else { throw LedgerError.tampered(path: db.description, entry: nil, reason: "the head record is missing") }
        let seq = head + 1
        let body = try entry.body()
        let hash = hash(previous: previous, seq: seq, kind: entry.kind, body: body)
        try db.execute(sql: "INSERT INTO entries (seq, kind, body, previous_hash, hash) VALUES (?, ?, ?, ?, ?)",
                       arguments: [seq, entry.kind, body, previous, hash])
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'head_seq'", arguments: [String(seq)])
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'head_hash'", arguments: [hash])
    }

    /// Every entry, after checking the whole chain; throws ``LedgerError/tampered(path:entry:reason:)``
    /// at the first inconsistency.
    static func verifiedEntries(in db: Database, path: String) throws -> (entries: [LedgerEntry], headHash: String) {
        func tampered(_ seq: Int64?, _ reason: String) -> LedgerError { .tampered(path: path, entry: seq, reason: reason) }
        guard let headText = try BudgetLedger.meta("head_seq", in: db), let head = Int64(headText),
              let headHash = try BudgetLedger.meta("head_hash", in: db)
        else { throw tampered(nil, "the head record (last entry and its hash) is missing") }
        var previous = genesis
        var expected: Int64 = 1
        var entries: [LedgerEntry] = []
        for row in try Row.fetchAll(db, sql: "SELECT seq, kind, body, previous_hash, hash FROM entries ORDER BY seq") {
            let seq: Int64 = row["seq"]
            let kind: String = row["kind"], body: String = row["body"]
            let storedPrevious: String = row["previous_hash"], stored: String = row["hash"]
            guard seq == expected else { throw tampered(expected, "entry \(expected) is missing (the next one is \(seq))") }
            guard storedPrevious == previous else { throw tampered(seq, "it does not follow entry \(seq - 1) (previous hash differs)") }
            guard hash(previous: previous, seq: seq, kind: kind, body: body) == stored else {
                throw tampered(seq, "its content does not match its hash (edited)")
            }
            guard let entry = try? LedgerEntry.decode(body), entry.kind == kind else {
                throw tampered(seq, "its content cannot be read")
            }
            entries.append(entry)
            previous = stored
            expected += 1
        }
        guard expected - 1 == head else {
            throw tampered(expected - 1 < head ? expected : head + 1,
                           "the journal has \(expected - 1) entries but its head says \(head) (entries deleted or appended)")
        }
        guard previous == headHash else { throw tampered(head, "the last entry's hash differs from the recorded head") }
        return (entries, headHash)
    }
}
