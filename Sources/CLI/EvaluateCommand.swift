import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan evaluate --real TRAIN.csv --synthetic SYN.csv --schema S.json …`: a thin layer over
/// ``Evaluator`` and ``EvaluationReport``.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a synthetic table against the real one: fidelity, detection, utility and privacy.",
        discussion: """
            Fidelity is SDMetrics' QualityReport (0.32) to the digit: column shapes (KSComplement, \
            TVComplement), column pair trends over all pairs (CorrelationSimilarity, ContingencySimilarity) \
            and their mean. Beside it: a detection ROC-AUC (logistic regression telling real from synthetic \
            rows, cross-validated; 0.5 is best) and the mean total variation distance of 3-way marginals.

            With --target and --holdout: train-on-synthetic / test-on-real (TSTR) against train-on-real \
            (TRTR) accuracy and ROC-AUC, for a logistic regression and gradient-boosted trees.

            Privacy: distance to the closest training row (DCR) for synthetic rows next to holdout rows; \
            the share of synthetic rows that copy a training row; with --holdout, a distance-based \
            membership-inference attack with its ROC-AUC and the ε lower bound it proves at 95% \
            confidence. DCR is a heuristic, not a guarantee. With --model, the model's accounted (ε, δ) \
            stands beside the empirical bound.

            --real is the training table (the rows the synthesizer learned from); --holdout holds real \
            rows it never saw. All tables are checked against --schema. --report writes a self-contained \
            HTML page (no scripts, no network); --json prints every number on standard output \
            (documented by schemas/evaluation-report.json); otherwise a summary is printed.
            """)

    @Option(name: .long, help: ArgumentHelp("The real training table.", valueName: "train.csv"))
    var real: String

    @Option(name: .long, help: ArgumentHelp("The synthetic table.", valueName: "synthetic.csv"))
    var synthetic: String

    @Option(name: .long, help: ArgumentHelp("The dataset schema (JSON).", valueName: "schema.json"))
    var schema: String

    @Option(name: .long, help: ArgumentHelp("Real rows the synthesizer never saw (for utility and the attack).", valueName: "test.csv"))
    var holdout: String?

    @Option(name: .long, help: ArgumentHelp("The categorical or boolean column to predict (needs --holdout).", valueName: "column"))
    var target: String?

    @Option(name: .long, help: ArgumentHelp("The fitted model, to show its accounted (ε, δ).", valueName: "model.pgan"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Write the HTML report here.", valueName: "report.html"))
    var report: String?

    @Flag(name: .long, help: "Print every number as JSON on standard output.")
    var json = false

    @Option(name: .long, help: "Seed for samples and folds (same inputs and seed, same numbers).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Rows sampled per side for DCR and the attack (0 = all rows).")
    var privacyRows = EvaluationOptions().privacyQueryRows

    @Option(name: .long, help: "δ for the empirical ε bound when no --model gives one.")
    var delta = EvaluationOptions().delta

    func validate() throws {
        if target != nil && holdout == nil { throw ValidationError("--target needs --holdout: the classifiers are tested on real rows they never saw") }
        if privacyRows < 0 { throw ValidationError("--privacy-rows must be 0 (all rows) or more") }
        if !(delta > 0 && delta < 1) { throw ValidationError("--delta must be between 0 and 1") }
        for (flag, path) in [("--real", real), ("--synthetic", synthetic), ("--schema", schema)] + [("--holdout", holdout), ("--model", model)].compactMap({ f, p in p.map { (f, $0) } }) {
            if !FileManager.default.fileExists(atPath: path) { throw ValidationError("\(flag): no such file: \(MessageText.escaped(path))") }
        }
        if let report, !FileManager.default.fileExists(atPath: URL(fileURLWithPath: report).deletingLastPathComponent().path) {
            throw ValidationError("--report: the folder for \(MessageText.escaped(report)) does not exist")
        }
    }

    func run() throws {
        // Single-threaded OpenBLAS lets the distance computations run one block per core.
        BLASThreads.count = 1
        try refuseOverwriting(
            outputs: [report.map { ("--report", $0) }],
            inputs: [("--real", real), ("--synthetic", synthetic), ("--schema", schema), holdout.map { ("--holdout", $0) }, model.map { ("--model", $0) }])
        let reportOutput = try report.map { try prepareOutput($0, role: "--report") }
        let cleanup = SignalCleanup(what: report.map { "no report was written to \($0)" } ?? "evaluation stopped")
        defer { withExtendedLifetime(cleanup) {} }
        let datasetSchema = try loadSchema(schema)
        let realTable = try loadTable(real, schema: datasetSchema)
        let syntheticTable = try loadTable(synthetic, schema: datasetSchema)
        let holdoutTable = try holdout.map { try loadTable($0, schema: datasetSchema) }
        var options = EvaluationOptions(target: target)
        options.seed = seed
        options.privacyQueryRows = privacyRows
        options.delta = delta
        if let model {
            let privacy = try loadModel(model).privacy
            if let privacy, privacy.dp, let epsilon = privacy.epsilon, let delta = privacy.delta {
                options.accounted = AccountedPrivacy(epsilon: epsilon, delta: delta, accountant: privacy.accountant.rawValue)
            } else if !json {
                print("note: \(model) was not trained with differential privacy; there is no accounted ε to compare")
            }
        }
        let evaluation: EvaluationReport
        do {
            evaluation = try Evaluator(real: realTable, synthetic: syntheticTable, holdout: holdoutTable, options: options).run()
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if let reportOutput {
            do {
                try reportOutput.write(Array(evaluation.html().utf8))
                try reportOutput.commit()
            } catch {
                printError("error: --report \(error)")
                throw ExitCode.failure
            }
        }
        if json {
            print(String(decoding: evaluation.jsonData(), as: UTF8.self))
        } else {
            print(evaluation.summaryText())
            if let report { print("report: \(report)") }
        }
    }

    private func loadTable(_ path: String, schema: DatasetSchema) throws -> Table {
        do {
            return try Table.load(csvAt: path, schema: schema)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
