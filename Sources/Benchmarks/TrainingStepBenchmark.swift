import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANSchema
import ProfileGANSynthesizer

/// Times the training steps fits actually run, on a real table: the plain step
/// (`Synthesizer.plainStep`: discriminator update(s), then a generator update, on `GANTrainer`)
/// and the DP-SGD step (`PrivateDiscriminatorStep`, Poisson sample, per-row clipping and noise, then
/// the same generator update), against the `cblas_sgemm` rate measured in the same run. Backs
/// `profilegan bench neural`; the figures are recorded in docs/PERFORMANCE.md.
public enum TrainingStepBenchmark {
    /// What to time.
    public struct Configuration: Sendable {
        /// The plain fit's settings (the DP step uses `Synthesizer.privateConfiguration` of them).
        public var training = SynthesizerConfiguration()
        /// The DP step's noise multiplier (its cost does not depend on it).
        public var noiseMultiplier = 1.0
        /// Untimed steps before measuring.
        public var warmupSteps = 3
        /// Timed rounds; medians are reported.
        public var measuredSteps = 20
        /// Seed of the transformer, the networks and the DP step's noise (a benchmark's noise need
        /// not be secret).
        public var seed: UInt64 = 1

        public init() {}
    }

    /// The figures of one run.
    public struct Result: Sendable {
        /// Width of one transformed row and of the condition vector of the table's transformer.
        public var dataWidth: Int, conditionWidth: Int
        /// Median `cblas_sgemm` rate at 500×256×256, GFLOP/s, measured between the steps.
        public var sgemmRate: Double
        /// Median wall time of one plain step, seconds.
        public var plainStepSeconds: Double
        /// Median wall time of one DP-SGD step, seconds.
        public var privateStepSeconds: Double
        /// Matrix-product FLOPs of one plain step and of one DP step (expected batch).
        public var plainFLOPs: Double, privateFLOPs: Double
        /// Whether every parameter was still finite after the timed steps (a diverged run would time
        /// NaN arithmetic, which is not representative).
        public var parametersFinite: Bool

        /// Matrix-product rate of the plain step, GFLOP/s.
        public var plainGFLOPS: Double { plainFLOPs / plainStepSeconds / 1e9 }
        /// Matrix-product rate of the DP step, GFLOP/s.
        public var privateGFLOPS: Double { privateFLOPs / privateStepSeconds / 1e9 }
        /// The plain step's rate over the `cblas_sgemm` rate.
        public var plainFractionOfSGEMM: Double { plainGFLOPS / sgemmRate }
        /// The DP step's rate over the `cblas_sgemm` rate.
        public var privateFractionOfSGEMM: Double { privateGFLOPS / sgemmRate }
    }

    /// Builds both trainers on `table` as fits do, then times the steps. The machine may be shared,
    /// so the measurements are interleaved — each round times a plain step, a DP step and a batch of
    /// reference products — and medians are reported: every figure sees the same background load.
    public static func run(on table: Table, _ configuration: Configuration = Configuration()) throws -> Result {
        let plain = try Synthesizer.plainTraining(table, configuration: configuration.training, seed: configuration.seed)
        let privacy = PrivacyOptions(target: .noiseMultiplier(configuration.noiseMultiplier))
        // The DP step runs with DP's own loss (bce) and pac (1), whatever the plain step uses.
        var privateBase = configuration.training
        privateBase.loss = nil
        let privateTraining = try Synthesizer.privateConfiguration(privateBase, privacy: privacy)
        let dp = try Synthesizer.plainTraining(table, configuration: privateTraining, seed: configuration.seed)
        dp.trainer.conditionLaw = .plainFrequency  // as DP fits draw conditions
        let batch = min(privateTraining.batchSize, table.rowCount)
        let poisson = try PoissonSampler(rowCount: table.rowCount, expectedBatchSize: batch)
        let privateStep = PrivateDiscriminatorStep(noiseMultiplier: configuration.noiseMultiplier,
                                                   maxGradNorm: Float(privacy.maxGradNorm), expectedBatchSize: batch)
        // The secure source, as DP fits draw from: drawing the noise is part of the step's cost.
        var noise = PrivacyNoiseGenerator()
        func stepPrivately() throws {
            for _ in 0..<privateTraining.discriminatorSteps {
                _ = try privateStep.run(trainer: dp.trainer, encoded: dp.encoded, poisson: poisson, noise: &noise)
            }
            _ = dp.trainer.generatorStep(batch: batch)
        }

        let reference = SGEMMRate.trainingShape
        for _ in 0..<configuration.warmupSteps {
            _ = Synthesizer.plainStep(plain.trainer, encoded: plain.encoded)
            try stepPrivately()
            reference.run()
        }
        var plainTimes = [Double](), privateTimes = [Double](), rates = [Double]()
        for _ in 0..<configuration.measuredSteps {
            plainTimes.append(BenchmarkClock.seconds { _ = Synthesizer.plainStep(plain.trainer, encoded: plain.encoded) })
            privateTimes.append(try BenchmarkClock.seconds(stepPrivately))
            rates.append(reference.measureOnce())
        }
        let trainers = [plain.trainer, dp.trainer]
        return Result(
            dataWidth: plain.trainer.transformer.width, conditionWidth: plain.trainer.sampler.conditionWidth,
            sgemmRate: BenchmarkClock.median(rates),
            plainStepSeconds: BenchmarkClock.median(plainTimes), privateStepSeconds: BenchmarkClock.median(privateTimes),
            plainFLOPs: flops(of: plain.trainer).perStep, privateFLOPs: flops(of: dp.trainer).perStep,
            parametersFinite: trainers.allSatisfy { trainer in
                (trainer.generator.parameters + trainer.discriminator.parameters).allSatisfy { $0.value.buffer.allSatisfy(\.isFinite) }
            })
    }

    /// The matrix-product work of `trainer`'s step.
    package static func flops(of trainer: GANTrainer) -> StepFLOPs {
        StepFLOPs(configuration: trainer.configuration, dataWidth: trainer.transformer.width,
                  conditionWidth: trainer.sampler.conditionWidth, pac: trainer.configuration.pac)
    }

    /// The matrix-product work of the step that trained `model`.
    public static func flops(of model: SynthesizerModel) -> StepFLOPs {
        StepFLOPs(configuration: model.configuration, dataWidth: model.transformer.width,
                  conditionWidth: model.sampler.conditionWidth, pac: model.configuration.pac)
    }
}
