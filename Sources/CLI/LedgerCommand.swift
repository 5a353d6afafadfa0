import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan ledger …`: manage the privacy budget ledger directly (caps, and reservations for
/// DP pipelines that run outside `profilegan fit`). `profilegan audit --ledger` reads it.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Set privacy budgets and record DP fits in the budget ledger (SQLite).",
        discussion: """
            The ledger records every DP fit against a dataset id and refuses a fit whose spend, \
            composed with earlier fits on that dataset, would exceed the dataset's cap. Reserved fits \
            that never complete (crashes) count as fully spent. Its entries are hash-chained: `audit \
            --ledger` detects any edited or deleted entry. A dataset's δ and accountant are fixed at its \
            first fit; a cap changes only with `set-budget` (raising needs --confirm-raise).
            """,
        subcommands: [SetBudget.self, Reserve.self, Start.self, Complete.self, Abort.self])

    /// The `--ledger PATH` option shared by the ledger and audit commands.
    struct LedgerOption: ParsableArguments {
        @Option(name: .customLong("ledger"), help: "Ledger file (default ~/.profilegan/ledger.sqlite).")
        var path: String?

        @Option(name: .customLong("ledger-wait"), help: "Seconds to wait for another process's lock on the ledger.")
        var wait: Double = 60

        /// Opens the ledger; `.existing` never creates a file (audits). Waiting for another
        /// process's lock is announced on standard error.
        func open(_ mode: BudgetLedger.OpenMode = .create) throws -> BudgetLedger {
            try BudgetLedger(path: path ?? BudgetLedger.defaultPath, mode: mode, busyTimeout: max(0, wait), waiting: { printError($0) })
        }
    }

    struct SetBudget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-budget",
            abstract: "Set, lower or raise (or clear with --no-budget) the ε cap of a dataset; a new dataset also needs --delta.",
            discussion: """
                Every change is recorded (old cap, new cap, when) and shown by `profilegan audit --ledger`. \
                Raising a cap or removing it needs --confirm-raise. δ and the accountant can change only \
                while the dataset has no fits.
                """)

        @Option(help: "Dataset id (as printed by a DP fit or `audit --ledger`).")
        var datasetID: String

        @Option(help: "Cap on the dataset's composed ε.")
        var budget: Double?

        @Flag(help: "Remove the cap.")
        var noBudget = false

        @Option(help: "δ at which the dataset's fits are composed (required for a new dataset).")
        var delta: Double?

        @Option(help: "Accountant for composing the dataset's fits: rdp or pld (default pld).")
        var accountant: AccountantKind?

        @Flag(help: "Confirm raising (or removing) the cap: it allows more privacy loss on this dataset.")
        var confirmRaise = false

        @OptionGroup var ledger: LedgerOption

        func validate() throws {
            guard (budget != nil) != noBudget else { throw ValidationError("give exactly one of --budget E and --no-budget") }
            if let budget, !(budget >= 0 && budget.isFinite) { throw ValidationError("--budget must be a non-negative ε, got \(budget)") }
            if let delta, !(delta > 0 && delta < 1) { throw ValidationError("--delta must be in (0, 1), got \(delta)") }
        }

        func run() throws {
            let l = try ledger.open()
            do {
                try l.setBudget(datasetID: datasetID, budget: budget, delta: delta, accountant: accountant, confirmRaise: confirmRaise)
            } catch let error as LedgerError {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            let audit = try l.audit(datasetID: datasetID)
            print(budget.map { "Budget of \(datasetID): ε = \($0); spent ε = \(audit.spent)\(audit.overBudget ? " (OVER BUDGET: further fits are refused)" : "")." } ?? "Budget of \(datasetID) removed.")
        }
    }

    struct Reserve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reserve budget for a DP run before it starts; prints the fit id (JSON with --json).",
            discussion: """
                MECHANISMS is a JSON array in the model-audit format, e.g.
                  '[{"kind":"poisson_gaussian","sampling_rate":0.01,"noise_multiplier":1.1,"steps":3000,"max_grad_norm":1}]'
                Exits non-zero, saying what remains, if the dataset's cap would be exceeded. The reservation \
                belongs to the process that called this command (its parent): `ledger abort` frees it only \
                once that process has ended and if `ledger start` was never called for it.
                """)

        @Option(help: "Dataset id.")
        var datasetID: String

        @Option(help: "JSON array of mechanisms the run will execute.")
        var mechanisms: String

        @Option(help: "δ (fixed for a dataset new to the ledger; an existing dataset refuses another).")
        var delta: Double

        @Option(help: "Accountant for a new dataset: rdp or pld.")
        var accountant: AccountantKind = .default

        @Flag(help: "Print {\"fit_id\", \"epsilon\", \"spent_after\", \"remaining\"} as JSON.")
        var json = false

        @OptionGroup var ledger: LedgerOption

        func validate() throws {
            guard delta > 0, delta < 1 else { throw ValidationError("--delta must be in (0, 1), got \(delta)") }
            _ = try parsedMechanisms()
        }

        func parsedMechanisms() throws -> [PrivacyMechanism] {
            do {
                return try JSONDecoder().decode([PrivacyMechanism].self, from: Data(mechanisms.utf8))
            } catch {
                throw ValidationError("--mechanisms is not a JSON array of mechanisms: \(error)")
            }
        }

        func run() throws {
            let r: FitReservation
            do {
                r = try ledger.open().reserve(
                    datasetID: datasetID, mechanisms: try parsedMechanisms(), delta: delta, accountant: accountant,
                    process: ProcessIdentity.of(pid: getppid()))
            } catch let error as LedgerError {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            if json {
                try printJSON(ReservationSummary(fitID: r.fitID, epsilon: r.epsilon, spentAfter: r.spentAfter, remaining: r.remainingAfter))
            } else {
                print("Reserved fit \(r.fitID): ε = \(r.epsilon) alone; dataset spent ε = \(r.spentAfter) composed"
                    + (r.remainingAfter.map { "; remaining ε = \($0)" } ?? "") + ".")
            }
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a reserved run is about to read private rows (from then on it cannot be aborted).")

        @Option(help: "Fit id printed by `ledger reserve`.")
        var fitID: Int64

        @OptionGroup var ledger: LedgerOption

        func run() throws { try runReportingLedgerErrors { try ledger.open().markTrainingStarted(fitID: fitID) } }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a reserved fit completed.")

        @Option(help: "Fit id printed by `ledger reserve`.")
        var fitID: Int64

        @Option(help: "SHA-256 of the model file the run wrote.")
        var modelHash: String?

        @OptionGroup var ledger: LedgerOption

        func run() throws { try runReportingLedgerErrors { try ledger.open().complete(fitID: fitID, modelHash: modelHash) } }
    }

    struct Abort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release a reservation whose run provably never read private rows.",
            discussion: """
                Refused unless the run never started training (`ledger start` / a fit's own record) and the \
                process that reserved it has ended. A fit that was killed during training stays charged. \
                What a fit released while planning (its noisy row count) stays charged.
                """)

        @Option(help: "Fit id printed by `ledger reserve`.")
        var fitID: Int64

        @OptionGroup var ledger: LedgerOption

        func run() throws { try runReportingLedgerErrors { try ledger.open().release(fitID: fitID) } }
    }
}

/// Runs `body`; a ledger refusal is printed as a sentence and exits 1.
func runReportingLedgerErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as LedgerError {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

/// JSON printed by `ledger reserve --json`.
struct ReservationSummary: Encodable {
    var fitID: Int64
    var epsilon: Double
    var spentAfter: Double
    var remaining: Double?

    enum CodingKeys: String, CodingKey {
        case fitID = "fit_id", epsilon, spentAfter = "spent_after", remaining
    }
}

extension AccountantKind: ExpressibleByArgument {}
