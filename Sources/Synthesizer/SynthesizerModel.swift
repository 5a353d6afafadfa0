import Foundation
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// A fitted tabular GAN: everything needed to generate rows, and the record of how it was trained.
///
/// Create one with ``Synthesizer/fit(_:configuration:privacy:options:)``, save it with
/// ``save(to:)`` and load it with ``load(from:)``; generate with
/// ``generate(rows:options:write:)``. The generator network is all that is kept of the GAN: the
/// discriminator is needed only for training.
public final class SynthesizerModel: @unchecked Sendable {
    /// The fitted data transformer (holds the schema).
    public let transformer: DataTransformer
    /// The settings the model was trained with.
    public let configuration: SynthesizerConfiguration
    /// How training went: rows, epochs, seed, timing, the training file's fingerprint.
    public let summary: TrainingSummary
    /// The conditional-vector layout and the category frequencies generation conditions are drawn
    /// with (exact without privacy; DP-noised and charged, or uniform, under DP). Holds no rows.
    public let sampler: ConditionalSampler
    /// The differential-privacy record, or `nil` for a model trained without privacy (a fit with
    /// replayable noise has a record whose `dp` is false).
    public let privacy: PrivacyRecord?

    /// The schema of the rows the model generates.
    public var schema: DatasetSchema { transformer.schema }

    let generator: Generator

    init(transformer: DataTransformer, configuration: SynthesizerConfiguration, summary: TrainingSummary,
         sampler: ConditionalSampler, privacy: PrivacyRecord?, generator: Generator) throws(SynthesizerError) {
        guard sampler.rowWidth == transformer.width,
              generator.inputSize == configuration.noiseDimension + sampler.conditionWidth,
              generator.dataWidth == transformer.width
        else { throw .invalidModel("the model's sampler, transformer and generator do not fit together") }
        self.transformer = transformer
        self.configuration = configuration
        self.summary = summary
        self.sampler = sampler
        self.privacy = privacy
        self.generator = generator
        generator.isTraining = false
    }
}

/// How a fit went, as recorded in the model file.
public struct TrainingSummary: Sendable, Codable, Equatable {
    /// Rows in the training table — under DP the released noisy count ñ, never the exact n.
    public var rows: Int
    /// Epochs finished (less than planned when training was stopped early).
    public var epochsCompleted: Int
    /// Discriminator updates made.
    public var discriminatorSteps: Int
    /// The seed every random stream of the fit was derived from.
    public var seed: UInt64
    /// Wall-clock seconds of training.
    public var seconds: Double
    /// Whether training was stopped before the planned epochs (Ctrl-C).
    public var stoppedEarly: Bool
    /// SHA-256 of the training file, when the data came from a file — never for a DP model (a hash of
    /// the whole table lets someone who knows all other rows confirm guesses of the last one).
    public var trainingDataSHA256: String?
    /// The library version that trained the model.
    public var libraryVersion: String

    enum CodingKeys: String, CodingKey {
        case rows, seed, seconds
        case epochsCompleted = "epochs_completed"
        case discriminatorSteps = "discriminator_steps"
        case stoppedEarly = "stopped_early"
        case trainingDataSHA256 = "training_data_sha256"
        case libraryVersion = "library_version"
    }
}
