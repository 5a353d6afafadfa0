/// Why a fit or a generation could not run.
public enum SynthesizerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A setting is out of range.
    case invalidConfiguration(String)
    /// The training data cannot be learned as given (e.g. no rows).
    case unusableData(String)
    /// A differential-privacy requirement is not met (missing bounds, δ too large, budget exceeded…).
    case privacy(String)
    /// A generation condition names an unknown column or value.
    case invalidCondition(String)
    /// The model file does not hold a usable ProfileGAN model.
    case invalidModel(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): "invalid configuration: \(m)"
        case .unusableData(let m): "cannot learn this data: \(m)"
        case .privacy(let m): "differential privacy: \(m)"
        case .invalidCondition(let m): "invalid condition: \(m)"
        case .invalidModel(let m): m
        }
    }
}
