import ProfileGANSynthesizer

/// The floating-point operations (2 per multiply-add) in the matrix products of a training step
/// and of generation, from the networks' shapes. Element-wise work is not counted: the figures
/// are the floor a step cannot beat at the machine's `cblas_sgemm` rate.
public struct StepFLOPs: Sendable, Equatable {
    /// Rows per batch.
    public var batchSize: Int
    /// Rows packed into one discriminator example.
    public var pac: Int
    /// Generator input width: noise plus condition.
    public var generatorInputWidth: Int
    /// Width of a transformed data row (generator output).
    public var dataWidth: Int
    /// Width of the condition vector (appended to every discriminator row).
    public var conditionWidth: Int
    /// The generator's residual block widths (each block's output is concatenated to its input).
    public var generatorHidden: [Int]
    /// The discriminator's hidden widths.
    public var discriminatorHidden: [Int]
    /// Discriminator updates per generator update.
    public var discriminatorSteps: Int
    /// Whether the discriminator step has WGAN-GP's gradient penalty (a double backward).
    public var gradientPenalty: Bool

    public init(batchSize: Int, pac: Int, generatorInputWidth: Int, dataWidth: Int, conditionWidth: Int,
                generatorHidden: [Int], discriminatorHidden: [Int], discriminatorSteps: Int = 1, gradientPenalty: Bool = false) {
        self.batchSize = batchSize
        self.pac = pac
        self.generatorInputWidth = generatorInputWidth
        self.dataWidth = dataWidth
        self.conditionWidth = conditionWidth
        self.generatorHidden = generatorHidden
        self.discriminatorHidden = discriminatorHidden
        self.discriminatorSteps = discriminatorSteps
        self.gradientPenalty = gradientPenalty
    }

    /// The shapes of a fit's networks and settings.
    public init(configuration: SynthesizerConfiguration, dataWidth: Int, conditionWidth: Int, pac: Int) {
        self.init(batchSize: configuration.batchSize, pac: pac,
                  generatorInputWidth: configuration.noiseDimension + conditionWidth, dataWidth: dataWidth,
                  conditionWidth: conditionWidth, generatorHidden: configuration.generatorDimensions,
                  discriminatorHidden: configuration.discriminatorDimensions,
                  discriminatorSteps: configuration.discriminatorSteps,
                  gradientPenalty: configuration.effectiveLoss == .wganGP)
    }

    /// (in, out) of each generator linear layer.
    private var generatorLayers: [(Double, Double)] {
        var layers = [(Double, Double)]()
        var width = generatorInputWidth
        for hidden in generatorHidden {
            layers.append((Double(width), Double(hidden)))
            width += hidden
        }
        layers.append((Double(width), Double(dataWidth)))
        return layers
    }

    /// (in, out) of each discriminator linear layer.
    private var discriminatorLayers: [(Double, Double)] {
        var layers = [(Double, Double)]()
        var width = pac * (dataWidth + conditionWidth)
        for hidden in discriminatorHidden + [1] {
            layers.append((Double(width), Double(hidden)))
            width = hidden
        }
        return layers
    }

    /// One generator forward pass, per row.
    public var generatorForwardPerRow: Double { generatorLayers.reduce(0) { $0 + 2 * $1.0 * $1.1 } }

    /// One discriminator forward pass, per packed example.
    public var discriminatorForwardPerExample: Double { discriminatorLayers.reduce(0) { $0 + 2 * $1.0 * $1.1 } }

    /// One training step: `discriminatorSteps` discriminator updates (generator forward, forward and
    /// parameter backward on the real and on the fake packs, the gradient penalty's double backward
    /// when set) and one generator update (generator forward, discriminator forward and input
    /// backward, generator backward). Backward passes cost twice their forward but for the first
    /// layer, whose input gradient is not needed.
    public var perStep: Double {
        let batch = Double(batchSize), examples = Double(batchSize / max(pac, 1))
        let gForward = batch * generatorForwardPerRow
        let dForward = examples * discriminatorForwardPerExample
        let firstG = 2 * batch * generatorLayers[0].0 * generatorLayers[0].1
        let firstD = 2 * examples * discriminatorLayers[0].0 * discriminatorLayers[0].1
        let gBackward = 2 * gForward - firstG
        let dParameterBackward = 2 * dForward - firstD
        let penalty = gradientPenalty ? 3 * dForward : 0
        let discriminatorStep = gForward + 2 * (dForward + dParameterBackward) + penalty
        let generatorStep = gForward + dForward + dForward + gBackward
        return Double(discriminatorSteps) * discriminatorStep + generatorStep
    }
}
