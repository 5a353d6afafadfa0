import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan audit --ledger PATH`: what each dataset has spent, by which fits, and what remains.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the privacy budget spent on datasets in the ledger, and what remains.",
        discussion: """
            For each dataset: every fit with its mechanisms and own ε, the composed ε of all fits \
            (what was really spent), the naive sum of the fits' ε for comparison, the cap and what \
            remains, and what the guarantee means in plain words. See docs/PRIVACY.md.

            --json prints {"dataset_id", "delta", "accountant", "spent", "spent_naive_sum", "budget", \
            "remaining", "fits"} for one dataset (--dataset-id), or an array of them for all datasets.
            """)

    @OptionGroup var ledger: LedgerCommand.LedgerOption

    @Option(help: "Only this dataset.")
    var datasetID: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func run() throws {
        let l = try ledger.open()
        if let datasetID {
            let audit = try l.audit(datasetID: datasetID)
            print(json ? try audit.json() : audit.text())
            return
        }
        let audits = try l.datasetIDs().map { try l.audit(datasetID: $0) }
        if json { return try printJSON(audits) }
        if audits.isEmpty { print("The ledger \(l.path) has no datasets yet.") }
        print(audits.map { $0.text() }.joined(separator: "\n\n"))
    }
}
