import Foundation
import GRDB
import ProfileGANRandom

extension BudgetLedger {
    /// The journal format this code reads and writes.
    static let formatVersion = "2"

    /// Creates the tables and the ledger's secret if missing. `IF NOT EXISTS` inside the immediate
    /// transaction makes concurrent first opens by several processes safe.
    static func createSchema(_ db: Database) throws {
        if try db.tableExists("fits") && !db.tableExists("entries") {
            throw LedgerError.oldFormat
        }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS entries (
                seq INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                body TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            """)
        if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") == nil {
            // The key of dataset ids (HMAC): random, never leaves the ledger.
            var random = SecureGenerator()
            let secret = (0..<4).map { _ in random.next() }.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) } }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('secret', ?), ('head_seq', '0'), ('head_hash', ?)",
                           arguments: [formatVersion, secret.hexString, LedgerChain.genesis])
        }
    }

    /// Timestamps are stored as ISO 8601 text (readable with the sqlite3 shell).
    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    static func date(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }

    static func meta(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
