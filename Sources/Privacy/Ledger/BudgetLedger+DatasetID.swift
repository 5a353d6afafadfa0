import Crypto
import Foundation
import GRDB

extension BudgetLedger {
    /// The dataset id of a table whose canonical content digests to `canonicalDigest`:
    /// HMAC-SHA256 keyed with this ledger's random secret (kept in the ledger file, never shown),
    /// truncated to 128 bits. Re-exports of the same rows share the id and so the budget; without
    /// the ledger, nobody can check a guessed table against an id.
    public func datasetID(canonicalDigest: [UInt8]) throws -> String {
        let secretHex = try read { db in try Self.meta("secret", in: db) }
        guard let secretHex, let secret = [UInt8](hex: secretHex), secret.count == 32 else {
            throw LedgerError.tampered(path: path, entry: nil, reason: "the ledger's secret is missing or malformed")
        }
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: canonicalDigest, using: SymmetricKey(data: secret))
        return "ds-" + Array(mac).prefix(16).hexString
    }
}

extension Array<UInt8> {
    /// Bytes from lowercase or uppercase hexadecimal; nil if malformed.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        self = bytes
    }
}
