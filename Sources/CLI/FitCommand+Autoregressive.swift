import ArgumentParser
import Foundation
import ProfileGAN

/// `fit --model autoregressive`: a thin layer over ``AutoregressiveSynthesizer/fit(_:configuration:options:)``,
/// or over ``PrivateAutoregressiveFit`` with `--epsilon` / `--noise-multiplier`.
extension FitCommand {
    /// The autoregressive model's settings from the shared training flags: --epochs, --seed,
    /// --batch-size and --learning-rate when given (each model kind has its own defaults, and a
    /// DP fit starts from ``AutoregressiveConfiguration/privateDefaults``).
    func autoregressiveConfiguration() -> AutoregressiveConfiguration {
        var configuration = privacy.isPrivate ? AutoregressiveConfiguration.privateDefaults : AutoregressiveConfiguration()
        if let epochs = training.epochs { configuration.epochs = epochs }
        configuration.seed = training.seed
        if let batchSize = training.batchSize { configuration.batchSize = batchSize }
        if let learningRate = training.learningRate { configuration.learningRate = learningRate }
        return configuration
    }

    func fitAutoregressive(_ table: Table, modelOutput: OutputFile, log: JSONLineLog?) throws {
        var configuration = autoregressiveConfiguration()
        // Under DP: the noisy row count is released, the plan made from it and reserved, all before
        // training; what is shown is the plan, never the exact row count.
        let privateFit: PrivateAutoregressiveFit? = try privacy.makeOptions().map { options in
            try startPrivateFit(options: options) { ledger in
                let fit = try PrivateAutoregressiveFit(table: table, configuration: configuration, privacy: options, ledger: ledger,
                                                       datasetID: privacy.datasetID, budget: privacy.budget)
                return (fit, fit.plan, fit.reservation, fit.datasetID)
            }
        }
        if let privateFit { configuration = privateFit.configuration }
        if !quiet {
            let rows = privateFit.map { "about \($0.plan.noisyRowCount) rows (noisy count)" } ?? "\(table.rowCount) rows"
            printError("fitting the autoregressive model on \(rows): \(configuration.epochs) epochs, batch \(configuration.batchSize)")
        }
        // A DP model keeps no fingerprint of its rows.
        let digest = data == "-" || privateFit != nil ? nil : try? FileDigest.sha256Hex(ofFileAt: data)
        let control = TrainingControl()
        let interruptAction = onInterrupt ?? .default
        let interrupts = InterruptHandler(control: control, action: interruptAction == .ask ? .save : interruptAction)
        let progress = ProgressBar(quiet: quiet)
        var options = Synthesizer.FitOptions(trainingDataSHA256: digest, control: control) { report in
            // Under DP the rows' likelihood is computed without noise, so it is not shown: ε is.
            var message = "epoch \(report.epoch)/\(report.epochs)"
            if let epsilon = report.epsilonSpent {
                message += String(format: "  ε ≤ %.3f", epsilon)
            } else {
                message += "  NLL \(String(format: "%.3f", report.generatorLoss))"
            }
            message += "  \(Int(report.rowsPerSecond)) rows/s  ETA \(ProgressBar.duration(report.estimatedSecondsRemaining))"
            progress.update(fraction: Double(report.epoch) / Double(report.epochs), message: message, force: report.epoch == report.epochs)
            log?.append(report)
        }
        options.phase = phasePrinter()
        // A model that is not kept: what it ran stays charged.
        func discard(_ model: AutoregressiveModel) {
            do { try privateFit?.discard(model) } catch {
                printError("warning: could not update the privacy ledger: \(error) (the full plan stays charged)")
            }
        }
        var fitted: AutoregressiveModel?
        do {
            // A DP fit that fails mid-training stays reserved in the ledger: charged in full.
            let model = try privateFit?.train(options: options) ?? AutoregressiveSynthesizer.fit(table, configuration: configuration, options: options)
            fitted = model
            progress.finish()
            if interrupts.interrupted && interruptAction == .discard {
                discard(model)
                printError("interrupted: the model of epoch \(model.summary.epochsCompleted)/\(configuration.epochs) was not saved")
                throw interrupts.exitCode
            }
            try model.save(to: modelOutput)
            try log?.commit()
        } catch let error as ExitCode {
            throw error
        } catch {
            progress.finish()
            if let fitted { discard(fitted) }
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if let model = fitted { try privateFit?.complete(model: model, modelHash: try? FileDigest.sha256Hex(ofFileAt: output)) }
        if !quiet, let model = fitted {
            printError(savedLine(epochs: model.summary.epochsCompleted, rows: privateFit == nil ? table.rowCount : nil,
                                 seconds: model.summary.seconds, seed: model.summary.seed, privacy: model.privacy, kind: "autoregressive"))
        }
        if interrupts.interrupted { throw interrupts.exitCode }
    }
}
