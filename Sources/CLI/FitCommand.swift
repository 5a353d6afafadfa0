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

    @Option(name: .long, help: "Model kind: gan (the default: CTGAN-style generator) or autoregressive (column by column, trained by likelihood; DP with --epsilon too). See README, \"Choosing a model\".")
    var model: ModelKind = .gan

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
        if model == .autoregressive {
            try privacy.validate(training: training)
            do { try autoregressiveConfiguration().validate() } catch { throw ValidationError("\(error)") }
            return
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
        if model == .autoregressive {
            try fitAutoregressive(table, modelOutput: modelOutput, log: log)
            return
        }
        let privacyOptions = privacy.makeOptions()
        // Under DP: the noisy row count is released, the plan made from it and reserved, all
        // before training; what is shown is the plan, never the exact row count.
        if !quiet {
            let rows = privacyOptions == nil ? "\(table.rowCount) rows" : "rows"
            printError(String(format: "  %@ read and validated in %.2f s", rows, Date().timeIntervalSince(loadStart)))
        }
        // A fit over the memory budget is refused before anything is released or reserved.
        do {
            let planned = try privacyOptions.map { try Synthesizer.privateConfiguration(training.makeConfiguration(), privacy: $0) }
                ?? training.makeConfiguration()
            try MemoryEstimate.forFit(table, configuration: planned, isPrivate: privacyOptions != nil)
                .check(budget: maxMemory?.bytes ?? MemoryEstimate.defaultBudget)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let privateFit: PrivateFit? = try privacyOptions.map { options in
            try startPrivateFit(options: options) { ledger in
                let fit = try PrivateFit(table: table, configuration: training.makeConfiguration(), privacy: options, ledger: ledger,
                                         datasetID: privacy.datasetID, budget: privacy.budget)
                return (fit, fit.plan, fit.reservation, fit.datasetID)
            }
        }
        let configuration = try privateFit?.configuration ?? training.makeConfiguration()
        if !quiet {
            let rows = privateFit.map { "about \($0.plan.noisyRowCount) rows (noisy count)" } ?? "\(table.rowCount) rows"
            printError("fitting \(rows): \(configuration.effectiveEpochs) epochs, batch \(configuration.batchSize)")
        }
        // A DP model keeps no fingerprint of its rows (someone holding all other rows could confirm the last).
        let digest = data == "-" || privateFit != nil ? nil : try? FileDigest.sha256Hex(ofFileAt: data)

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
        options.phase = phasePrinter()

        let model: SynthesizerModel
        do {
            // A DP fit that fails mid-training stays reserved in the ledger: charged in full.
            model = try privateFit?.train(options: options) ?? Synthesizer.fit(table, configuration: configuration, options: options)
        } catch {
            progress.finish()
            printError("error: \(error)")
            throw ExitCode.failure
        }
        progress.finish()
        if interrupts.interrupted && !keepInterruptedModel(model, action: interruptAction, epochs: configuration.effectiveEpochs) {
            discard(privateFit, model)
            printError("interrupted: the model of epoch \(model.summary.epochsCompleted)/\(configuration.effectiveEpochs) was not saved\(checkpointEvery > 0 ? " (\(output) holds the last checkpoint, if one was written)" : "")")
            throw interrupts.exitCode
        }
        do {
            try model.save(to: modelOutput)
            try log?.commit()
        } catch {
            discard(privateFit, model)
            printError("error: \(error)")
            throw ExitCode.failure
        }
        try privateFit?.complete(model: model, modelHash: try? FileDigest.sha256Hex(ofFileAt: output))
        if !quiet {
            printError(savedLine(epochs: model.summary.epochsCompleted, rows: privateFit == nil ? table.rowCount : nil,
                                 seconds: model.summary.seconds, seed: model.summary.seed, privacy: model.privacy))
        }
        if interrupts.interrupted {
            printError("interrupted: saved the model of epoch \(model.summary.epochsCompleted)/\(configuration.effectiveEpochs) to \(output)")
            throw interrupts.exitCode
        }
    }

    /// Releases the noisy row count, plans the DP fit, shows the plan and reserves it in the ledger
    /// before any private row is read for training; refuses (exit 1) when the ledger does. `start`
    /// makes the model kind's fit on the opened ledger.
    func startPrivateFit<Fit>(options: PrivacyOptions,
                              _ start: (BudgetLedger) throws -> (Fit, PrivateTrainingPlan, FitReservation, String)) throws -> Fit {
        do {
            let started = Date()
            let ledger = try BudgetLedger(path: privacy.ledger, busyTimeout: max(0, privacy.ledgerWait), waiting: { printError($0) })
            let (fit, plan, reservation, datasetID) = try start(ledger)
            if !quiet {
                printError(String(format: "  noisy row count, privacy plan (σ calibration, ε) and ledger reservation in %.2f s", Date().timeIntervalSince(started)))
                printError(plan.summary)
                if options.insecureReplayableNoise { printError("WARNING: " + PrivacyRecord.replayableHeadline + " (--insecure-replayable-noise)") }
                var line = String(format: "ledger %@: dataset %@ spent ε %.4g before this fit, %.4g with it", privacy.ledger, datasetID,
                                  reservation.spentBefore, reservation.spentAfter)
                if let budget = reservation.budget { line += String(format: " (cap %.4g)", budget) }
                printError(line)
            }
            return fit
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The line that closes a fit: where the model went, how long, and its privacy.
    func savedLine(epochs: Int, rows: Int?, seconds: Double, seed: UInt64, privacy record: PrivacyRecord?, kind: String? = nil) -> String {
        var line = "saved \(output): " + (kind.map { $0 + ", " } ?? "") + "\(epochs) epochs"
        if let rows { line += " on \(rows) rows" }
        line += " in \(String(format: "%.1f", seconds)) s (seed \(seed))"
        if let record, record.noiseIsReplayable {
            line += "; " + PrivacyRecord.replayableHeadline
        } else if let record, let epsilon = record.epsilon, let delta = record.delta {
            line += String(format: "; ε = %.4g, δ = %.3g (%@ accountant)", epsilon, delta, record.accountant.rawValue)
        }
        return line
    }

    /// Prints each stage before the first step with its time, so a long wait is explained.
    func phasePrinter() -> @Sendable (FitPhase) -> Void {
        let show = !quiet
        return { phase in if show { printError(String(format: "  %@ in %.2f s", phase.name, phase.seconds)) } }
    }

    /// Records a DP model that is not kept: what it ran stays charged.
    private func discard(_ fit: PrivateFit?, _ model: SynthesizerModel) {
        do { try fit?.discard(model) } catch {
            printError("warning: could not update the privacy ledger: \(error) (the full plan stays charged)")
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
