import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan audit MODEL.pgan`: the privacy record of one model; `profilegan audit --ledger PATH`:
/// what each dataset has spent, by which fits, and what remains.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show what privacy a model was trained with, or what the ledger's datasets have spent.",
        discussion: """
            With a model file: whether it was trained with differential privacy, its (ε, δ) and \
            accountant, every mechanism that read the training rows (DP-SGD's sampling rate, noise \
            multiplier, steps and clipping norm; each charged preprocessing release), where the noise \
            came from, and what the guarantee means. A model fitted with --insecure-replayable-noise is \
            reported as NOT differentially private ("dp": false, no "epsilon"). \
            --json prints {"dp", "epsilon", "delta", "accountant", "mechanisms", "randomness", …}, \
            enough for an independent tool to recompute ε.

            Without a model file, the ledger:
            For each dataset: every fit with its mechanisms and own ε, the composed ε of all fits \
            (what was really spent), the naive sum of the fits' ε for comparison, the cap and what \
            remains (or, in words, that the cap is exceeded), every change of the cap, and what \
            the guarantee means in plain words. The journal's hash chain is checked first: an edited or \
            deleted entry is reported as "ledger tampered at …" (exit status 1). Nothing is created \
            when the ledger file does not exist. See docs/PRIVACY.md.

            --json prints {"dataset_id", "delta", "accountant", "spent", "spent_naive_sum", "budget", \
            "remaining", "fits"} for one dataset (--dataset-id), or an array of them for all datasets.
            """)

    @Argument(help: ArgumentHelp("A model to audit (omit to audit the ledger).", valueName: "model.pgan"))
    var model: String?

    @OptionGroup var ledger: LedgerCommand.LedgerOption

    @Option(help: "Only this dataset.")
    var datasetID: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func validate() throws {
        if model != nil && datasetID != nil { throw ValidationError("--dataset-id audits the ledger; give it without a model file") }
        if let model, !FileManager.default.fileExists(atPath: model) { throw ValidationError("no such file: \(MessageText.escaped(model))") }
    }

    func run() throws {
        if let model {
            let file = try loadModelFile(model)
            let (summary, privacy, kindName): (TrainingSummary, PrivacyRecord?, String)
            switch try kind(of: file, path: model) {
            case .gan:
                let fitted = try exitOnError { try SynthesizerModel.load(file, file: model) }
                (summary, privacy, kindName) = (fitted.summary, fitted.privacy, "GAN")
            case .autoregressive:
                let fitted = try exitOnError { try AutoregressiveModel.load(file, file: model) }
                (summary, privacy, kindName) = (fitted.summary, fitted.privacy, "autoregressive")
            }
            let record = privacy ?? PrivacyRecord.nonPrivate(libraryVersion: summary.libraryVersion)
            if json { return print(try record.auditJSON()) }
            let rows = privacy == nil ? "\(summary.rows) rows" : "about \(summary.rows) rows (a noisy count)"
            print("Model \(model) (\(kindName)): \(summary.epochsCompleted) epochs on \(rows), training data SHA-256 \(summary.trainingDataSHA256 ?? (privacy == nil ? "unknown (read from standard input)" : "not kept (a DP model keeps no fingerprint of its training rows)"))")
            print(record.auditText())
            return
        }
        do {
            let l = try ledger.open(.existing)
            let audits = try datasetID.map { [try l.audit(datasetID: $0)] } ?? l.datasetIDs().map { try l.audit(datasetID: $0) }
            if json {
                if datasetID != nil { print(try audits[0].json()) } else { try printJSON(audits) }
            } else {
                if audits.isEmpty { print("The ledger \(l.path) has no datasets yet.") }
                print(audits.map { $0.text() }.joined(separator: "\n\n"))
            }
        } catch let error as LedgerError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
