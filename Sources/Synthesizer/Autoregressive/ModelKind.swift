import ProfileGANCSV
import ProfileGANNeural
import ProfileGANTransforms

/// Which kind of model a `.pgan` file holds (metadata `model_kind`; files without it are GANs,
/// which is what every file before the autoregressive model was).
public enum ModelKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// The conditional tabular GAN (``SynthesizerModel``), the default.
    case gan
    /// The column-by-column likelihood model (``AutoregressiveModel``).
    case autoregressive

    /// The metadata key.
    static let metadataKey = "model_kind"

    /// The kind recorded in `file` (GAN when absent); an unknown value is an error naming it.
    public static func of(_ file: ModelFile, path: String) throws(ModelFileError) -> ModelKind {
        guard let text = file.metadata[metadataKey] else { return .gan }
        guard let kind = ModelKind(rawValue: text) else {
            throw ModelFileError(file: path, message: "unknown model kind \"\(text)\" (this ProfileGAN reads: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return kind
    }
}
