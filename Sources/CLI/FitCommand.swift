import ArgumentParser
import Foundation
import ProfileGAN
import Synchronization

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

            Ctrl-C (or SIGTERM) stops training at the end of the current epoch. Then the model of the \
            last finished epoch is saved — or discarded, with --on-interrupt discard; on a terminal you \
            are asked unless --on-interrupt says what to do. With --checkpoint-every N the model file is \
            also rewritten every N epochs. Every output (model, --log-json) is created in its folder \
            before training starts, unnamed until complete, so an unwritable folder stops the fit at \
            once and a failure or kill never leaves a half-written or temporary file.

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

    @Option(name: .long, help: ArgumentHelp("Write one JSON line per epoch to this file (for plotting); like the model, it appears when the fit ends with a saved model.", valueName: "file"))
    var logJSON: String?

    @Option(name: .long, parsing: .unconditional, help: "Also save the model every N epochs (0 = only at the end).")
    var checkpointEvery = 0

    @Option(name: .long, help: ArgumentHelp("Refuse a fit estimated to need more memory than this (e.g. 8G; default: half the physical memory).", valueName: "size"))
    var maxMemory: ByteCount?

    @Option(name: .long, help: "On Ctrl-C or SIGTERM: save the model of the last finished epoch, discard it, or ask (default: ask on a terminal, save otherwise).")
    var onInterrupt: InterruptAction?

    func validate() throws {
        if data != "-" && !FileManager.default.fileExists(atPath: data) { throw ValidationError("no such file: \(MessageText.escaped(data))") }
        if checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be 0 or more, got \(checkpointEvery)") }
        let outputFolder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: outputFolder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw ValidationError("the folder of --output does not exist: \(MessageText.escaped(outputFolder))")
        }
        try training.makeConfiguration().validate()
        try privacy.validate(training: training)
    }

    func run() throws {
        BLASThreads.count = training.threads
        // Outputs are checked and created before any work (and before a DP fit reserves budget).
        try refuseOverwriting(
            outputs: [("--output", output), logJSON.map { ("--log-json", $0) }],
            inputs: [("the training data", data), ("--schema", schema), privacy.isPrivate ? ("--ledger", privacy.ledger) : nil])
        let modelOutput = try prepareOutput(output, role: "--output")
        let log = try logJSON.map { JSONLineLog(output: try prepareOutput($0, role: "--log-json")) }
        let datasetSchema = try loadSchema(schema)
        let table: Table
        let loadStart = Date()
        do { table = try Table.load(csvAt: data, schema: datasetSchema) } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        if !quiet { printError(String(format: "  %d rows read and validated in %.2f s", table.rowCount, Date().timeIntervalSince(loadStart))) }
        let digest = data == "-" ? nil : try? FileDigest.sha256Hex(ofFileAt: data)
        let privacyOptions = privacy.makeOptions()
        // Under DP the settings that actually run (bce, pac 1, fewer epochs…) are shown and used.
        let configuration = try privacyOptions.map { try Synthesizer.privateConfiguration(training.makeConfiguration(), privacy: $0) }
            ?? training.makeConfiguration()
        if !quiet { printError("fitting \(table.rowCount) rows: \(configuration.effectiveEpochs) epochs, batch \(configuration.batchSize)") }
        do {
            try MemoryEstimate.forFit(table, configuration: configuration, isPrivate: privacyOptions != nil)
                .check(budget: maxMemory?.bytes ?? MemoryEstimate.defaultBudget)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let reservation = try privacyOptions.map { try reserveBudget(table: table, configuration: configuration, options: $0, digest: digest) }

        let control = TrainingControl()
        let interruptAction = onInterrupt ?? .default
        let interrupts = InterruptHandler(control: control, action: interruptAction)
        let progress = ProgressBar(quiet: quiet)
        var options = Synthesizer.FitOptions(trainingDataSHA256: digest, control: control) { report in
            var message = "epoch \(report.epoch)/\(report.epochs)  G \(String(format: "%.3f", report.generatorLoss))  D \(String(format: "%.3f", report.discriminatorLoss))  \(Int(report.rowsPerSecond)) rows/s  ETA \(ProgressBar.duration(report.estimatedSecondsRemaining))"
            if let epsilon = report.epsilonSpent { message += String(format: "  ε ≤ %.3f", epsilon) }
            progress.update(fraction: Double(report.epoch) / Double(report.epochs), message: message, force: report.epoch == report.epochs)
            log?.append(report)
        }
        let outputPath = output
        options.checkpointEvery = checkpointEvery
        options.maxMemory = maxMemory?.bytes
        options.checkpoint = { model in try model.save(to: outputPath) }
        // Everything before the first step is a phase of its own, so a long wait is explained.
        let showPhases = !quiet
        options.phase = { phase in if showPhases { printError(String(format: "  %@ in %.2f s", phase.name, phase.seconds)) } }

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
        if interrupts.interrupted && !keepInterruptedModel(model, action: interruptAction, epochs: configuration.effectiveEpochs) {
            reservation?.abort(executed: model.privacy?.mechanisms)
            printError("interrupted: the model of epoch \(model.summary.epochsCompleted)/\(configuration.effectiveEpochs) was not saved\(checkpointEvery > 0 ? " (\(output) holds the last checkpoint, if one was written)" : "")")
            throw interrupts.exitCode
        }
        do {
            try model.save(to: modelOutput)
            try log?.commit()
        } catch {
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
        if interrupts.interrupted {
            printError("interrupted: saved the model of epoch \(model.summary.epochsCompleted)/\(configuration.effectiveEpochs) to \(output)")
            throw interrupts.exitCode
        }
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

    /// Whether an interrupted fit's model is saved: `--on-interrupt`, or the terminal's answer.
    private func keepInterruptedModel(_ model: SynthesizerModel, action: InterruptAction, epochs: Int) -> Bool {
        switch action {
        case .save: return true
        case .discard: return false
        case .ask: return confirm("Save the model of the last finished epoch (\(model.summary.epochsCompleted)/\(epochs)) to \(output)? [y/N] ")
        }
    }

    /// Asks on the terminal; a session that cannot answer says no.
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
        try ledger.complete(fitID: fitID, modelHash: try? FileDigest.sha256Hex(ofFileAt: modelPath), executedMechanisms: executed)
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

/// `--log-json FILE`: one JSON object per line. Like every output it appears only when the fit
/// ends with a saved model (a failed or discarded fit leaves no log behind).
// @unchecked: the output is only touched under the lock.
final class JSONLineLog: @unchecked Sendable {
    private let output: OutputFile
    private let lock = Mutex(())

    init(output: OutputFile) {
        self.output = output
    }

    func append(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var line = try? encoder.encode(value) else { return }
        line.append(0x0A)
        lock.withLock { _ in _ = try? output.write(Array(line)) }
    }

    /// Publishes the log under its name.
    func commit() throws {
        try lock.withLock { _ throws(CSVError) in try output.commit() }
    }
}
