import ArgumentParser
import Foundation
import ProfileGAN

/// `fit --model autoregressive`: a thin layer over ``AutoregressiveSynthesizer/fit(_:configuration:options:)``.
extension FitCommand {
    /// The autoregressive model's settings from the shared training flags: --epochs, --seed,
    /// --batch-size and --learning-rate when given (each model kind has its own defaults).
    func autoregressiveConfiguration() -> AutoregressiveConfiguration {
        var configuration = AutoregressiveConfiguration()
        if let epochs = training.epochs { configuration.epochs = epochs }
        configuration.seed = training.seed
        if let batchSize = training.batchSize { configuration.batchSize = batchSize }
        if let learningRate = training.learningRate { configuration.learningRate = learningRate }
        return configuration
    }

    func fitAutoregressive(_ table: Table, modelOutput: OutputFile, log: JSONLineLog?) throws {
        let configuration = autoregressiveConfiguration()
        if !quiet { printError("fitting the autoregressive model on \(table.rowCount) rows: \(configuration.epochs) epochs, batch \(configuration.batchSize)") }
        let digest = data == "-" ? nil : try? FileDigest.sha256Hex(ofFileAt: data)
        let control = TrainingControl()
        let interruptAction = onInterrupt ?? .default
        let interrupts = InterruptHandler(control: control, action: interruptAction == .ask ? .save : interruptAction)
        let progress = ProgressBar(quiet: quiet)
        var options = Synthesizer.FitOptions(trainingDataSHA256: digest, control: control) { report in
            let message = "epoch \(report.epoch)/\(report.epochs)  NLL \(String(format: "%.3f", report.generatorLoss))  \(Int(report.rowsPerSecond)) rows/s  ETA \(ProgressBar.duration(report.estimatedSecondsRemaining))"
            progress.update(fraction: Double(report.epoch) / Double(report.epochs), message: message, force: report.epoch == report.epochs)
            log?.append(report)
        }
        options.phase = phasePrinter()
        let fitted: AutoregressiveModel
        do {
            fitted = try AutoregressiveSynthesizer.fit(table, configuration: configuration, options: options)
            progress.finish()
            if interrupts.interrupted && interruptAction == .discard {
                printError("interrupted: the model of epoch \(fitted.summary.epochsCompleted)/\(configuration.epochs) was not saved")
                throw interrupts.exitCode
            }
            try fitted.save(to: modelOutput)
            try log?.commit()
        } catch let error as ExitCode {
            throw error
        } catch {
            progress.finish()
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet {
            printError("saved \(output): autoregressive, \(fitted.summary.epochsCompleted) epochs on \(table.rowCount) rows in \(String(format: "%.1f", fitted.summary.seconds)) s (seed \(fitted.summary.seed))")
        }
        if interrupts.interrupted { throw interrupts.exitCode }
    }
}
