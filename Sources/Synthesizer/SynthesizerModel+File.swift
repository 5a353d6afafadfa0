import Foundation
import ProfileGANCSV
import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANTransforms

/// Saving and loading models as `.pgan` files (see ``ModelFile`` for the container).
///
/// Metadata keys (each value a JSON document unless noted): `format` ("profilegan-model"),
/// `format_version` ("2": version 1 had no checksums and is refused with a message saying so), `library_version`, `transformer` (holds the schema), `configuration`,
/// `summary`, `sampler` (conditional-vector layout and generation frequencies), `privacy` (the DP record; `"dp": false` for a model trained without privacy).
/// `checksums` (SHA-256 of the header and of every tensor, added and verified by ``ModelFile``).
/// Tensors: the generator's parameters and BatchNorm running statistics, by name.
extension SynthesizerModel {
    static let formatName = "profilegan-model"
    static let formatVersion = "2"

    /// The model as a ``ModelFile``.
    public func modelFile() -> ModelFile {
        let metadata: [String: String] = [
            "format": Self.formatName,
            "format_version": Self.formatVersion,
            "library_version": ProfileGANVersion.string,
            "transformer": Self.json(transformer),
            "configuration": Self.json(configuration),
            "summary": Self.json(summary),
            "sampler": Self.json(sampler),
            "privacy": Self.json(privacy ?? PrivacyRecord.nonPrivate(libraryVersion: summary.libraryVersion)),
        ]
        return ModelFile(metadata: metadata, tensors: generator.exportTensors())
    }

    /// Writes the model atomically (see ``OutputFile``: nothing half-written, nothing left behind).
    public func save(to path: String) throws(ModelFileError) {
        try modelFile().write(to: path)
    }

    /// Writes the model into an output created earlier (before training, so an unwritable target
    /// stops a fit before any work) and publishes it.
    public func save(to output: OutputFile) throws(ModelFileError) {
        try modelFile().write(to: output)
    }

    /// Reads a model, checking the container, the format version and every tensor's shape.
    public static func load(from path: String) throws(ModelFileError) -> SynthesizerModel {
        try load(try ModelFile.read(from: path), file: path)
    }

    /// Builds a model from a parsed container; `file` names it in errors.
    public static func load(_ file: ModelFile, file path: String) throws(ModelFileError) -> SynthesizerModel {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: path, message: message) }
        try checkFormat(file, path: path)
        guard try ModelKind.of(file, path: path) == .gan else {
            throw fail("this file holds an autoregressive model (fitted with --model autoregressive); load it with AutoregressiveModel.load")
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws(ModelFileError) -> T {
            try decodeMetadata(type, key, in: file, path: path)
        }
        let transformer = try decode(DataTransformer.self, "transformer")
        let configuration = try decode(SynthesizerConfiguration.self, "configuration")
        let summary = try decode(TrainingSummary.self, "summary")
        let sampler = try decode(ConditionalSampler.self, "sampler")
        let privacy = try decodePrivacy(in: file, path: path)
        var rng = SeededGenerator(seed: 0)
        let generator = Generator(
            inputSize: configuration.noiseDimension + sampler.conditionWidth,
            hiddenSizes: configuration.generatorDimensions, dataWidth: transformer.width, generator: &rng)
        do { try generator.importTensors(file.tensors) } catch {
            throw fail("corrupt model file: \(error)")
        }
        do {
            return try SynthesizerModel(
                transformer: transformer, configuration: configuration, summary: summary,
                sampler: sampler, privacy: privacy, generator: generator)
        } catch {
            throw fail("corrupt model file: \(error)")
        }
    }

    /// Checks the container's format name and version (shared by every model kind).
    static func checkFormat(_ file: ModelFile, path: String) throws(ModelFileError) {
        func fail(_ message: String) -> ModelFileError { ModelFileError(file: path, message: message) }
        guard file.metadata["format"] == formatName else { throw fail("not a ProfileGAN model (no \"format\": \"\(formatName)\" in its metadata)") }
        if file.metadata["format_version"] == "1" {
            throw fail("model format version 1 (ProfileGAN before checksummed models) is no longer read: its weights cannot be verified; fit the model again with this version")
        }
        guard let version = file.metadata["format_version"], version == formatVersion else {
            throw fail("model format version \(file.metadata["format_version"] ?? "?") is not supported by this ProfileGAN (\(ProfileGANVersion.string) reads version \(formatVersion))")
        }
    }

    /// Decodes the JSON metadata document `key`, naming the file and key when it is missing or unreadable.
    /// The file's `privacy` record; nil when it is the record of a model trained without privacy.
    static func decodePrivacy(in file: ModelFile, path: String) throws(ModelFileError) -> PrivacyRecord? {
        let record = try decodeMetadata(PrivacyRecord.self, "privacy", in: file, path: path)
        return record.dp || !record.mechanisms.isEmpty ? record : nil
    }

    static func decodeMetadata<T: Decodable>(_ type: T.Type, _ key: String, in file: ModelFile, path: String) throws(ModelFileError) -> T {
        guard let text = file.metadata[key] else { throw ModelFileError(file: path, message: "corrupt model file: metadata \"\(key)\" is missing") }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw ModelFileError(file: path, message: "corrupt model file: metadata \"\(key)\" cannot be read (\(error))")
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
