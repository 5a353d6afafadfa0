import Foundation
import ProfileGANCSV
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANTransforms

/// Saving and loading autoregressive models as `.pgan` files: the same checksummed container and
/// format version as GAN models, with `model_kind` "autoregressive" and metadata `tokenizer`,
/// `configuration`, `summary`, `privacy` (the DP record; `"dp": false` without privacy), `token_support` (the
/// excluded tokens, written when there are any; absent in older files: none); tensors are the masked
/// network's weights (the masks are rebuilt from the tokenizer's layout).
extension AutoregressiveModel {
    /// The model as a ``ModelFile``.
    public func modelFile() -> ModelFile {
        var metadata: [String: String] = [
            "format": SynthesizerModel.formatName,
            "format_version": SynthesizerModel.formatVersion,
            ModelKind.metadataKey: ModelKind.autoregressive.rawValue,
            "library_version": ProfileGANVersion.string,
            "tokenizer": SynthesizerModel.json(tokenizer),
            "configuration": SynthesizerModel.json(configuration),
            "summary": SynthesizerModel.json(summary),
            "privacy": SynthesizerModel.json(privacy ?? PrivacyRecord.nonPrivate(libraryVersion: summary.libraryVersion)),
        ]
        if !tokenSupport.isFull { metadata[Self.tokenSupportKey] = SynthesizerModel.json(tokenSupport) }
        return ModelFile(metadata: metadata, tensors: network.exportTensors())
    }

    static let tokenSupportKey = "token_support"

    /// Writes the model atomically (``OutputFile``).
    public func save(to path: String) throws(ModelFileError) { try modelFile().write(to: path) }

    /// Writes the model into an output created before training and publishes it.
    public func save(to output: OutputFile) throws(ModelFileError) { try modelFile().write(to: output) }

    /// Reads a model file that holds an autoregressive model.
    public static func load(from path: String) throws(ModelFileError) -> AutoregressiveModel {
        try load(try ModelFile.read(from: path), file: path)
    }

    /// Builds a model from a parsed container; `file` names it in errors.
    public static func load(_ file: ModelFile, file path: String) throws(ModelFileError) -> AutoregressiveModel {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: path, message: message) }
        try SynthesizerModel.checkFormat(file, path: path)
        guard try ModelKind.of(file, path: path) == .autoregressive else {
            throw fail("this file holds a GAN model, not an autoregressive one")
        }
        let tokenizer = try SynthesizerModel.decodeMetadata(TableTokenizer.self, "tokenizer", in: file, path: path)
        let configuration = try SynthesizerModel.decodeMetadata(AutoregressiveConfiguration.self, "configuration", in: file, path: path)
        let summary = try SynthesizerModel.decodeMetadata(TrainingSummary.self, "summary", in: file, path: path)
        let privacy = try SynthesizerModel.decodePrivacy(in: file, path: path)
        let support = file.metadata[tokenSupportKey] == nil ? nil
            : try SynthesizerModel.decodeMetadata(TokenSupport.self, tokenSupportKey, in: file, path: path)
        var rng = SeededGenerator(seed: 0)
        let network = MaskedAutoregressiveNetwork(blockSizes: tokenizer.vocabularySizes, hiddenSizes: configuration.hiddenSizes,
                                                  generator: &rng)
        do { try network.importTensors(file.tensors) } catch { throw fail("corrupt model file: \(error)") }
        do { return try AutoregressiveModel(tokenizer: tokenizer, configuration: configuration, summary: summary,
                                          privacy: privacy, tokenSupport: support, network: network) } catch {
            throw fail("corrupt model file: \(error)")
        }
    }
}
