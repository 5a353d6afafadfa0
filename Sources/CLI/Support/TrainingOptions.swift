import ArgumentParser
import Foundation
import ProfileGAN

extension GANLoss: ExpressibleByArgument {}
extension ContinuousEncoding: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}

/// The training flags of `fit` (and `bench fit`), mapped onto ``SynthesizerConfiguration``.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "Passes over the data (default 300; 30 under DP, where every step costs noise).")
    var epochs: Int?

    @Option(name: .long, help: "Rows per step: per discriminator step for the GAN (a multiple of --pac; default 500), per update for the autoregressive model (default 256).")
    var batchSize: Int?

    @Option(name: .long, help: "Seed for a reproducible fit (also makes DP noise reproducible, not hardened).")
    var seed: UInt64?

    @Option(name: .long, help: "Adversarial loss: wgan-gp (CTGAN) or bce (the default under DP).")
    var loss: GANLoss?

    @Option(name: .long, help: "Continuous columns: vgm (mode-specific normalization) or minmax (schema bounds only; the default under DP).")
    var continuous: ContinuousEncoding?

    @Option(name: .long, help: "Weight of the generator's pull towards the data's marginals (exact ones without DP, the released noisy ones under DP; 0 = off, CTGAN's objective; default \(SynthesizerConfiguration.defaultMarginalWeight)).")
    var marginalWeight: Float?

    @Option(name: .long, help: "Rows per discriminator example (PacGAN; forced to 1 under DP).")
    var pac = 10

    @Option(name: .long, help: "Learning rate: of both GAN networks (default 2e-4), or of the autoregressive model (default 2e-3).")
    var learningRate: Float?

    @Option(name: .long, help: "Discriminator updates per generator update.")
    var discriminatorSteps = 1

    @Option(name: .long, help: ArgumentHelp("Widths of the generator's residual blocks.", valueName: "w,w,…"))
    var generatorDimensions = "256,256"

    @Option(name: .long, help: ArgumentHelp("Widths of the discriminator's hidden layers.", valueName: "w,w,…"))
    var discriminatorDimensions = "256,256"

    @Option(name: .long, help: "Dimension of the generator's noise input.")
    var noiseDimension = 128

    @Option(name: .long, help: "One-hot entries a categorical column keeps at most; the rest share a (rare) entry drawn by frequency (default \(SynthesizerConfiguration.defaultMaxOneHotCategories); lower it to train faster on columns with thousands of values).")
    var maxOneHot: Int?

    @Option(name: .long, help: "Threads for the matrix products and layers (default: every core; 1 is faster when other work shares the machine; the model is the same either way).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The configuration these flags describe (DP adjustments are made by the privacy options).
    func makeConfiguration() throws -> SynthesizerConfiguration {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        var configuration = SynthesizerConfiguration()
        configuration.epochs = epochs
        if let batchSize { configuration.batchSize = batchSize }
        configuration.seed = seed
        if let loss { configuration.loss = loss }
        if let continuous { configuration.continuousEncoding = continuous }
        configuration.pac = pac
        configuration.marginalWeight = marginalWeight
        if let learningRate {
            configuration.generatorLearningRate = learningRate
            configuration.discriminatorLearningRate = learningRate
        }
        configuration.discriminatorSteps = discriminatorSteps
        configuration.generatorDimensions = try Self.widths(generatorDimensions, flag: "--generator-dimensions")
        configuration.discriminatorDimensions = try Self.widths(discriminatorDimensions, flag: "--discriminator-dimensions")
        configuration.noiseDimension = noiseDimension
        configuration.maxOneHotCategories = maxOneHot
        do { try configuration.validate() } catch { throw ValidationError("\(error)") }
        return configuration
    }

    private static func widths(_ text: String, flag: String) throws -> [Int] {
        let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("\(flag) takes positive widths separated by commas, e.g. 256,256")
        }
        return widths.map { $0! }
    }
}
