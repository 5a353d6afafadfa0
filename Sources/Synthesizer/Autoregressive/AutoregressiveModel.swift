import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANSchema
import ProfileGANTransforms

/// A fitted autoregressive model (``AutoregressiveSynthesizer``): the tokenizer, the masked
/// network and the record of how it was trained. Save with ``save(to:)``, load with
/// ``load(from:)``, generate with ``generate(rows:options:write:)``.
public final class AutoregressiveModel: @unchecked Sendable {
    /// How rows become tokens and back (holds the schema).
    public let tokenizer: TableTokenizer
    /// The settings the model was trained with.
    public let configuration: AutoregressiveConfiguration
    /// How training went (`discriminatorSteps` is 0: there is no discriminator).
    public let summary: TrainingSummary
    /// The differential-privacy record, or `nil` for a model trained without privacy.
    public let privacy: PrivacyRecord?
    /// The tokens generation may draw (a DP fit leaves out those its released counts call empty).
    public let tokenSupport: TokenSupport
    let network: MaskedAutoregressiveNetwork

    /// The schema of the rows the model generates.
    public var schema: DatasetSchema { tokenizer.schema }

    init(tokenizer: TableTokenizer, configuration: AutoregressiveConfiguration, summary: TrainingSummary,
         privacy: PrivacyRecord? = nil, tokenSupport: TokenSupport? = nil, network: MaskedAutoregressiveNetwork) throws(SynthesizerError) {
        guard network.blockSizes == tokenizer.vocabularySizes, network.hiddenSizes == configuration.hiddenSizes else {
            throw .invalidModel("the model's tokenizer and network do not fit together")
        }
        let support = tokenSupport ?? .full(columns: tokenizer.vocabularySizes.count)
        if let problem = support.check(vocabularySizes: tokenizer.vocabularySizes) { throw .invalidModel(problem) }
        self.tokenSupport = support
        self.tokenizer = tokenizer
        self.configuration = configuration
        self.summary = summary
        self.privacy = privacy
        self.network = network
    }
}
