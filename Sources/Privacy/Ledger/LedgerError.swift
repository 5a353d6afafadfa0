import Foundation
import GRDB

/// Refusals and misuse reported by the budget ledger.
public enum LedgerError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The fit would push the dataset's composed ε over its cap.
    case budgetExceeded(datasetID: String, budget: Double, spent: Double, wouldBe: Double, fitEpsilon: Double)
    case unknownDataset(String)
    case unknownFit(Int64)
    /// Finalizing a fit that is not in the `reserved` state.
    case fitNotReserved(Int64, FitStatus)
    /// A new dataset needs δ.
    case missingDelta(String)
    /// Finalizing with executed mechanisms that spend more than the reservation.
    case exceedsReservation(Int64, reserved: Double, executed: Double)
    /// The journal's hash chain is broken at `entry` (nil: its head record).
    case tampered(path: String, entry: Int64?, reason: String)
    /// No ledger file where one was expected (nothing is created by an audit).
    case noLedger(path: String)
    /// A ledger written by an older ProfileGAN without a hash chain.
    case oldFormat
    /// δ or the accountant cannot change: fits were made under them.
    case termsFixed(datasetID: String, delta: Double, accountant: AccountantKind, fits: Int)
    /// Raising or removing a cap needs an explicit confirmation.
    case raiseNeedsConfirmation(datasetID: String, old: Double?, new: Double?)
    /// A fit asked for a δ other than the dataset's.
    case deltaMismatch(datasetID: String, ledger: Double, fit: Double)
    /// `fit --budget` differs from the cap in the ledger.
    case budgetMismatch(datasetID: String, ledger: Double?, requested: Double)
    /// A reservation that cannot be shown never to have run.
    case cannotRelease(Int64, reason: String)
    /// SQLite failed; `message` says how, in words.
    case database(path: String, message: String)

    public var description: String {
        let n = AuditFormatting.number
        switch self {
        case let .budgetExceeded(id, budget, spent, wouldBe, fitEpsilon):
            return "refused: dataset \(id) has a budget of ε = \(n(budget)) and has spent ε = \(n(spent)) (composed); this fit (ε = \(n(fitEpsilon)) alone) would bring it to ε = \(n(wouldBe)). Remaining: ε = \(n(max(0, budget - spent))). Use more noise, fewer steps, or a smaller sampling rate."
        case .unknownDataset(let id):
            return "no dataset \"\(id)\" in the ledger"
        case .unknownFit(let id):
            return "no fit \(id) in the ledger"
        case let .fitNotReserved(id, status):
            return "fit \(id) is \(status.rawValue), not reserved; it cannot be finalized again"
        case .missingDelta(let id):
            return "dataset \"\(id)\" is new to the ledger: give its δ"
        case let .exceedsReservation(id, reserved, executed):
            return "fit \(id) reserved ε = \(n(reserved)) but reports executing ε = \(n(executed)); the ledger keeps the reservation's limit"
        case let .tampered(path, entry, reason):
            return "ledger tampered at \(entry.map { "entry \($0)" } ?? "its head record") of \(path): \(reason). Its balances cannot be trusted; restore the file from a backup."
        case .noLedger(let path):
            return "no privacy ledger at \(path) (nothing was created; give --ledger with an existing file, or run a DP fit first)"
        case .oldFormat:
            return "this ledger was written by an older ProfileGAN without a hash chain; it cannot be verified. Keep it for the record and start a new ledger file."
        case let .termsFixed(id, delta, accountant, fits):
            return "refused: dataset \(id) already has \(fits) fit(s) composed at δ = \(n(delta)) with the \(accountant.rawValue.uppercased()) accountant; changing δ or the accountant would re-base their ε. Use a new dataset id."
        case let .raiseNeedsConfirmation(id, old, new):
            return "refused: raising the cap of dataset \(id) from \(old.map { "ε = " + n($0) } ?? "none") to \(new.map { "ε = " + n($0) } ?? "none (no cap)") allows more privacy loss; repeat with --confirm-raise (the change is recorded and shown by audit)"
        case let .deltaMismatch(id, ledger, fit):
            return "refused: dataset \(id) is composed at δ = \(n(ledger)) in the ledger, and this fit asks for δ = \(n(fit)); δ is fixed at a dataset's first fit (omit --delta to use the ledger's)"
        case let .budgetMismatch(id, ledger, requested):
            return "refused: --budget \(n(requested)) differs from the cap of dataset \(id) in the ledger (\(ledger.map { "ε = " + n($0) } ?? "none")); a cap is changed only with `profilegan ledger set-budget` (raising needs --confirm-raise)"
        case let .cannotRelease(id, reason):
            return "refused: fit \(id) cannot be released: \(reason)"
        case let .database(path, message):
            return "privacy ledger \(path): \(message)"
        }
    }
}

extension LedgerError {
    public var errorDescription: String? { description }

    /// Ledger errors pass through; SQLite's are put into words with the ledger's path.
    static func translating(_ error: any Error, path: String, busyTimeout: Double) -> any Error {
        if error is LedgerError || error is PrivacyParameterError { return error }
        guard let sqlite = error as? DatabaseError else { return error }
        let message: String = switch sqlite.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            "another process held the ledger locked for more than \(Int(busyTimeout)) s; try again when it has finished"
        case .SQLITE_READONLY:
            "the file is read-only for this user (a DP fit must write its reservation)"
        case .SQLITE_CANTOPEN:
            "cannot open the file (missing folder or no permission)"
        case .SQLITE_NOTADB:
            "the file is not an SQLite database (wrong --ledger path?)"
        case .SQLITE_CORRUPT:
            "the database file is corrupt; restore it from a backup"
        case .SQLITE_FULL:
            "the disk is full"
        case .SQLITE_IOERR:
            "input/output error while reading or writing the file"
        default:
            "SQLite error: \(sqlite.message ?? "code \(sqlite.resultCode.rawValue)")"
        }
        return LedgerError.database(path: path, message: message)
    }
}
