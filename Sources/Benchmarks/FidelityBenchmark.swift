import Foundation
import ProfileGANEvaluation
import ProfileGANPrivacy
import ProfileGANSchema
import ProfileGANSynthesizer

/// What `profilegan bench fidelity` measures: fit on a training table, generate as many rows, and
/// score them against the training and hold-out tables with the project's evaluator — quality
/// (SDMetrics-style, all pairs), detection AUC, TSTR / TRTR AUC with gradient-boosted trees, the
/// DCR ratio and exact copies — once per fit seed. External synthetic tables (another tool's
/// output) are scored with exactly the same code, so a side-by-side comparison is one command.
public enum FidelityBenchmark {
    /// One scored synthetic table.
    public struct Score: Sendable, Codable, Equatable {
        /// "ours, seed 1" or the external file's name.
        public var source: String
        /// Fit wall time (nil for external tables).
        public var fitSeconds: Double?
        public var quality: Double?
        public var columnShapes: Double?
        public var pairTrends: Double?
        /// Real-vs-synthetic classifier AUC (0.5: indistinguishable).
        public var detectionAUC: Double?
        /// Gradient-boosted trees trained on the synthetic rows, tested on the hold-out.
        public var tstrAUC: Double?
        /// The same model trained on the training rows.
        public var trtrAUC: Double?
        /// Median distance of synthetic rows to their closest training row over the same for
        /// hold-out rows (1: as close as unseen real rows; much more: regions not generated).
        public var dcrRatio: Double?
        /// Share of synthetic rows equal to a training row, and the same share for hold-out rows.
        public var exactCopies: Double
        public var holdoutExactCopies: Double?

        public init(source: String, fitSeconds: Double?, quality: Double?, columnShapes: Double?, pairTrends: Double?,
                    detectionAUC: Double?, tstrAUC: Double?, trtrAUC: Double?, dcrRatio: Double?,
                    exactCopies: Double, holdoutExactCopies: Double?) {
            self.source = source
            self.fitSeconds = fitSeconds
            self.quality = quality
            self.columnShapes = columnShapes
            self.pairTrends = pairTrends
            self.detectionAUC = detectionAUC
            self.tstrAUC = tstrAUC
            self.trtrAUC = trtrAUC
            self.dcrRatio = dcrRatio
            self.exactCopies = exactCopies
            self.holdoutExactCopies = holdoutExactCopies
        }
    }

    /// Scores `synthetic` against `training` and `holdout` for `target`.
    public static func score(source: String, synthetic: Table, training: Table, holdout: Table, target: String,
                             fitSeconds: Double? = nil) throws -> Score {
        let report = try Evaluator(real: training, synthetic: synthetic, holdout: holdout,
                                   options: EvaluationOptions(target: target)).run()
        func gradientBoosting(_ scores: ModelScores?) -> Double? {
            scores?.models.first { $0.model == "gradient_boosted_trees" }?.auc
        }
        return Score(
            source: source, fitSeconds: fitSeconds, quality: report.quality.overall,
            columnShapes: report.quality.columnShapes, pairTrends: report.quality.columnPairTrends,
            detectionAUC: report.detection.auc, tstrAUC: gradientBoosting(report.utility?.tstr),
            trtrAUC: gradientBoosting(report.utility?.trtr), dcrRatio: report.privacy.dcr.medianRatio,
            exactCopies: report.privacy.exactMatchRate, holdoutExactCopies: report.privacy.holdoutExactMatchRate)
    }

    /// Fits `configuration` (with each seed in turn) on `training`, generates as many rows with the
    /// same seed, and scores them. `model` picks the model kind; `autoregressive` holds its settings.
    /// With `privacy` each fit is a DP fit (``PrivateFit`` / ``PrivateAutoregressiveFit``) booked in a
    /// fresh ledger of its own, deleted afterwards.
    public static func fitAndScore(training: Table, holdout: Table, target: String, seeds: [UInt64],
                                   configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                                   model: ModelKind = .gan,
                                   autoregressive: AutoregressiveConfiguration = AutoregressiveConfiguration(),
                                   privacy: PrivacyOptions? = nil) throws -> [Score] {
        try seeds.map { seed in
            // One batch of exactly the training table's size.
            var options = SynthesizerModel.GenerationOptions(seed: seed)
            options.batchSize = training.rowCount
            var synthetic: Table?
            let ledgerPath = FileManager.default.temporaryDirectory.appendingPathComponent("fidelity-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) } }
            func ledger() throws -> BudgetLedger { try BudgetLedger(path: ledgerPath) }
            let fitSeconds: Double
            switch model {
            case .gan:
                var configuration = configuration
                configuration.seed = seed
                var fitted: SynthesizerModel?
                fitSeconds = try BenchmarkClock.seconds {
                    if let privacy {
                        fitted = try PrivateFit(table: training, configuration: configuration, privacy: privacy, ledger: ledger()).train()
                    } else {
                        fitted = try Synthesizer.fit(training, configuration: configuration)
                    }
                }
                try fitted!.generate(rows: training.rowCount, options: options) { synthetic = $0 }
            case .autoregressive:
                var configuration = autoregressive
                configuration.seed = seed
                var fitted: AutoregressiveModel?
                fitSeconds = try BenchmarkClock.seconds {
                    if let privacy {
                        fitted = try PrivateAutoregressiveFit(table: training, configuration: configuration, privacy: privacy, ledger: ledger()).train()
                    } else {
                        fitted = try AutoregressiveSynthesizer.fit(training, configuration: configuration)
                    }
                }
                try fitted!.generate(rows: training.rowCount, options: options) { synthetic = $0 }
            }
            var source = model == .gan ? "ours" : "ours-ar"
            if case .epsilon(let epsilon) = privacy?.target { source += String(format: " ε=%g", epsilon) }
            if let delta = privacy?.delta { source += String(format: " δ=%g", delta) }
            return try score(source: "\(source), seed \(seed)", synthetic: synthetic!, training: training,
                             holdout: holdout, target: target, fitSeconds: fitSeconds)
        }
    }
}
