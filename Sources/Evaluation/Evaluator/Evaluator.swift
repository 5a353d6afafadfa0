import ProfileGANSchema

/// Evaluates a synthetic table against the real one it imitates: fidelity, detection, utility and
/// privacy, in one ``EvaluationReport``.
///
/// ```swift
/// let report = try Evaluator(real: train, synthetic: synth, holdout: test,
///                            options: EvaluationOptions(target: "sex")).run()
/// try report.html().write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct Evaluator: Sendable {
    public let real: Table
    public let synthetic: Table
    public let holdout: Table?
    public let options: EvaluationOptions

    /// Checks that the tables share their learned columns (same names and kinds) and that the options
    /// fit them.
    public init(real: Table, synthetic: Table, holdout: Table? = nil, options: EvaluationOptions = EvaluationOptions()) throws(EvaluationError) {
        for (name, other) in [("synthetic", synthetic), ("holdout", holdout)] {
            guard let other else { continue }
            for column in real.schema.columns where column.kind.isLearned {
                guard let values = other.column(named: column.name) else {
                    throw EvaluationError("the \(name) table has no column \"\(column.name)\"")
                }
                guard values.matches(column.kind) else {
                    throw EvaluationError("column \"\(column.name)\" is \(column.kind.typeName) in the real table but not in the \(name) table")
                }
            }
        }
        if real.rowCount == 0 { throw EvaluationError("the real table has no rows") }
        if synthetic.rowCount == 0 { throw EvaluationError("the synthetic table has no rows") }
        if let target = options.target {
            guard holdout != nil else { throw EvaluationError("--target needs a holdout table to test the classifiers on") }
            _ = try UtilityEvaluator.targetClasses([real, synthetic] + (holdout.map { [$0] } ?? []), target: target)
        }
        self.real = real
        self.synthetic = synthetic
        self.holdout = holdout
        self.options = options
    }

    /// Computes every score. `stageFinished`, when given, is told how long each stage took
    /// (`quality`, `detection`, `marginals`, `utility`, `privacy`), for benchmarks and progress output.
    public func run(stageFinished: ((String, Duration) -> Void)? = nil) -> EvaluationReport {
        let clock = ContinuousClock()
        func timed<T>(_ stage: String, _ work: () -> T) -> T {
            let start = clock.now
            let result = work()
            stageFinished?(stage, clock.now - start)
            return result
        }
        let aligned = real.schema.columns.enumerated().compactMap { c, column -> AlignedColumn? in
            guard column.kind.isLearned, let values = synthetic.column(named: column.name) else { return nil }
            return AlignedColumn.align(name: column.name, real: real.columns[c], synthetic: values)
        }
        let quality = timed("quality") { QualityEvaluator(columns: aligned).scores() }
        let detection = timed("detection") {
            DetectionScore.compute(
                real: real, synthetic: synthetic, maxRowsPerTable: options.detectionRows, folds: options.detectionFolds, seed: options.seed)
        }
        let marginals = timed("marginals") { ThreeWayMarginals.compute(aligned, maxTriples: options.maxTriples, seed: options.seed) }
        var utility: UtilityScores?
        if let target = options.target, let holdout {
            let classifiers: [Classifier] = options.gradientBoosting ? [.logisticRegression, .gradientBoostedTrees] : [.logisticRegression]
            // The initializer already checked the target, so this cannot throw.
            utility = timed("utility") {
                try? UtilityEvaluator.evaluate(
                    real: real, synthetic: synthetic, holdout: holdout, target: target, classifiers: classifiers, seed: options.seed)
            }
        }
        let privacy = timed("privacy") { self.privacy(queryRows: options.privacyQueryRows) }
        return EvaluationReport(
            dataset: real.schema.name,
            rows: .init(real: real.rowCount, synthetic: synthetic.rowCount, holdout: holdout?.rowCount),
            quality: quality, detection: detection, threeWayMarginals: marginals, utility: utility, privacy: privacy,
            identifierCopies: IdentifierCopies.count(real: real, synthetic: synthetic),
            accounted: options.accounted, distributions: aligned.map(ColumnDistribution.init), seed: options.seed)
    }
}

extension Evaluator {
    /// Only the privacy part of ``run(stageFinished:)``, with `queryRows` in place of
    /// ``EvaluationOptions/privacyQueryRows`` (`0` = every synthetic and holdout row).
    public func privacy(queryRows: Int) -> PrivacyScores {
        PrivacyEvaluator.evaluate(
            train: real, synthetic: synthetic, holdout: holdout, maxQueryRows: queryRows,
            delta: options.accounted?.delta ?? options.delta, seed: options.seed)
    }
}
