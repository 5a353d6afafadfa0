import Foundation
import GRDB

extension BudgetLedger {
    /// Creates the tables if missing. `IF NOT EXISTS` inside the immediate transaction makes
    /// concurrent first opens by several processes safe.
    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS datasets (
                id TEXT PRIMARY KEY NOT NULL,
                budget REAL CHECK (budget IS NULL OR budget >= 0),
                delta REAL NOT NULL CHECK (delta > 0 AND delta < 1),
                accountant TEXT NOT NULL CHECK (accountant IN ('rdp', 'pld')),
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS fits (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dataset_id TEXT NOT NULL REFERENCES datasets(id),
                created_at TEXT NOT NULL,
                finished_at TEXT,
                model_hash TEXT,
                mechanisms TEXT NOT NULL,
                epsilon REAL NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('reserved', 'completed', 'aborted'))
            );
            CREATE INDEX IF NOT EXISTS fits_by_dataset ON fits(dataset_id);
            """)
    }

    /// Timestamps are stored as ISO 8601 text (readable with the sqlite3 shell).
    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    static func date(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }

    static func encodeMechanisms(_ mechanisms: [PrivacyMechanism]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(mechanisms), as: UTF8.self)
    }

    static func decodeMechanisms(_ text: String) throws -> [PrivacyMechanism] {
        try JSONDecoder().decode([PrivacyMechanism].self, from: Data(text.utf8))
    }
}
