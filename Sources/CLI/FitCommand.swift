import ArgumentParser
import Foundation
import ProfileGAN

/// `profilegan fit DATA.csv --schema S.json -o MODEL.pgan`: a thin layer over
/// ``Synthesizer/fit(_:configuration:privacy:options:)``.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train a tabular GAN on a CSV file and save the model.",
        discussion: """
            The data is checked against the schema first (as `profilegan validate` does); any problem \
            stops the fit before training. Defaults follow CTGAN: 300 epochs, batch 500, pac 10, \
            WGAN-GP loss, Adam 2e-4 with betas (0.5, 0.9), Gumbel-softmax τ = 0.2 — plus a pull \
            towards the data's column distributions (--marginal-weight 10; 0 gives CTGAN's objective).

            Ctrl-C stops training at the end of the current epoch. On a terminal you are asked whether \
            to save the model of the last finished epoch; with --checkpoint-every N the model file is \
            also rewritten every N epochs. The model file is always written whole (temporary file, then \
            rename), never half.

            With --epsilon the discriminator is trained with DP-SGD, the table's marginals are \
            released with Gaussian noise for the generator to match, and the run is charged to the \
            privacy ledger; the plan (steps, noise, what is released) is printed before training. \
            Under DP the defaults are bce, pac 1, minmax and 30 epochs. See docs/PRIVACY.md.
            """)

    @Argument(help: ArgumentHelp("Training data ('-' reads standard input).", valueName: "data.csv"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The dataset schema (JSON).", valueName: "schema.json"))
    var schema: String

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the model.", valueName: "model.pgan"))
    var output: String

    @OptionGroup(title: "Training")
    var training: TrainingOptions

    @OptionGroup(title: "Privacy")
    var privacy: PrivacyCommandOptions

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Write one JSON line per epoch to this file (for plotting).", valueName: "file"))
    var logJSON: String?

    @Option(name: .long, help: "Also save the model every N epochs (0 = only at the end).")
    var checkpointEvery = 0

    func validate() throws {
        if data != "-" && !FileManager.default.fileExists(atPath: data) { throw ValidationError("no such file: \(data)") }
        if checkpointEvery < 0 { throw ValidationError("--checkpoint-every must not be negative") }
        let outputFolder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: outputFolder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw ValidationError("the folder of --output does not exist: \(outputFolder)")
        }
        try training.makeConfiguration().validate()
        try privacy.validate(training: training)
    }

    func run() throws {
        BLASThreads.count = training.threads
        let datasetSchema = try loadSchema(schema)
        let table: Table
        do { table = try Table.load(csvAt: data, schema: datasetSchema) } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        let digest = data == "-" ? nil : try? SHA256.hex(ofFileAt: data)
        let privacyOptions = privacy.makeOptions()
        // Under DP the settings that actually run (bce, pac 1, fewer epochs…) are shown and used.
        let configuration = try privacyOptions.map { try Synthesizer.privateConfiguration(training.makeConfiguration(), privacy: $0) }
            ?? training.makeConfiguration()
        if !quiet { printError("fitting \(table.rowCount) rows: \(configuration.effectiveEpochs) epochs, batch \(configuration.batchSize)") }
        let reservation = try privacyOptions.map { try reserveBudget(table: table, configuration: configuration, options: $0, digest: digest) }

        let control = TrainingControl()
        let interrupts = InterruptHandler(control: control, message: "stopping after this epoch… (Ctrl-C again to abort without saving)")
        let progress = ProgressBar(quiet: quiet)
        let log = try logJSON.map { try JSONLineLog(path: $0) }
        var options = Synthesizer.FitOptions(trainingDataSHA256: digest, control: control) { report in
            var message = "epoch \(report.epoch)/\(report.epochs)  G \(String(format: "%.3f", report.generatorLoss))  D \(String(format: "%.3f", report.discriminatorLoss))  \(Int(report.rowsPerSecond)) rows/s  ETA \(ProgressBar.duration(report.estimatedSecondsRemaining))"
            if let epsilon = report.epsilonSpent { message += String(format: "  ε ≤ %.3f", epsilon) }
            progress.update(fraction: Double(report.epoch) / Double(report.epochs), message: message, force: report.epoch == report.epochs)
            log?.append(report)
        }
        let outputPath = output
        options.checkpointEvery = checkpointEvery
        options.checkpoint = { model in try model.save(to: outputPath) }

        let model: SynthesizerModel
        do {
            model = try Synthesizer.fit(table, configuration: configuration, privacy: privacyOptions, options: options)
        } catch {
            progress.finish()
            // What ran before the failure is unknown: charge the whole plan (conservative).
            reservation?.abort(executed: nil)
            printError("error: \(error)")
            throw ExitCode.failure
        }
        progress.finish()
        if interrupts.interrupted && checkpointEvery == 0 && !confirm("Save the model of the last finished epoch (\(model.summary.epochsCompleted)/\(configuration.effectiveEpochs)) to \(output)? [y/N] ") {
            reservation?.abort(executed: model.privacy?.mechanisms)
            printError("not saved")
            throw ExitCode(130)
        }
        do { try model.save(to: output) } catch {
            reservation?.abort(executed: model.privacy?.mechanisms)
            printError("error: \(error)")
            throw ExitCode.failure
        }
        try reservation?.complete(modelPath: output, executed: model.privacy?.mechanisms)
        if !quiet {
            var line = "saved \(output): \(model.summary.epochsCompleted) epochs on \(table.rowCount) rows in \(String(format: "%.1f", model.summary.seconds)) s (seed \(model.summary.seed))"
            if let record = model.privacy, let epsilon = record.epsilon, let delta = record.delta {
                line += String(format: "; ε = %.4g, δ = %.3g (%@ accountant)", epsilon, delta, record.accountant.rawValue)
            }
            printError(line)
        }
        if interrupts.interrupted { throw ExitCode(130) }
    }

    /// Plans the DP fit, shows the plan, and reserves it in the ledger before any private row is
    /// read for training; refuses (exit 1) when the dataset's budget cannot cover it.
    private func reserveBudget(table: Table, configuration: SynthesizerConfiguration, options: PrivacyOptions,
                               digest: String?) throws -> LedgerReservation {
        do {
            let plan = try Synthesizer.planPrivateFit(rowCount: table.rowCount, schema: table.schema,
                                                      configuration: configuration, privacy: options)
            if !quiet { printError(plan.summary) }
            guard let datasetID = privacy.datasetID ?? digest else {
                throw ValidationError("--dataset-id is required when the data comes from standard input under DP")
            }
            let ledger = try BudgetLedger(path: privacy.ledger)
            if let budget = privacy.budget {
                try ledger.setBudget(datasetID: datasetID, budget: budget, delta: plan.delta, accountant: plan.accountant)
            }
            let reservation = try ledger.reserve(datasetID: datasetID, mechanisms: plan.mechanisms, delta: plan.delta, accountant: plan.accountant)
            if !quiet {
                var line = String(format: "ledger %@: dataset %@… spent ε %.4g before this fit, %.4g with it", privacy.ledger, String(datasetID.prefix(12)), reservation.spentBefore, reservation.spentAfter)
                if let budget = reservation.budget { line += String(format: " (cap %.4g)", budget) }
                printError(line)
            }
            return LedgerReservation(ledger: ledger, fitID: reservation.fitID)
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Asks on the terminal; a non-interactive session answers no.
    private func confirm(_ question: String) -> Bool {
        guard isatty(STDIN_FILENO) != 0 else { return false }
        FileHandle.standardError.write(Data(question.utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// A fit's entry in the budget ledger, settled when the fit ends.
struct LedgerReservation {
    let ledger: BudgetLedger
    let fitID: Int64

    /// Records the finished fit with its model's hash and what it actually spent.
    func complete(modelPath: String, executed: [PrivacyMechanism]?) throws {
        try ledger.complete(fitID: fitID, modelHash: try? SHA256.hex(ofFileAt: modelPath), executedMechanisms: executed)
    }

    /// Records a fit that produced no model; `executed` nil charges the whole plan.
    func abort(executed: [PrivacyMechanism]?) {
        do {
            if let executed { try ledger.abort(fitID: fitID, executedMechanisms: executed) }
            // Leaving the reservation in place keeps the full plan charged, the conservative choice.
        } catch {
            printError("warning: could not update the privacy ledger: \(error) (the full plan stays charged)")
        }
    }
}

/// `--log-json FILE`: one JSON object per line, flushed as it is written.
final class JSONLineLog: Sendable {
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write --log-json file \(path)")
        }
        self.handle = handle
    }

    func append(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var line = try? encoder.encode(value) else { return }
        line.append(0x0A)
        handle.write(line)
    }

    deinit { try? handle.close() }
}
