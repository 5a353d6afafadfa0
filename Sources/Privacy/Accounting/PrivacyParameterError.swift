/// Invalid privacy parameters (sampling rate, noise, δ, …), with a message for the user.
public enum PrivacyParameterError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}

/// Checks δ ∈ (0, 1).
func validateDelta(_ delta: Double) throws {
    guard delta > 0, delta < 1 else {
        throw PrivacyParameterError.invalid("delta must be in (0, 1), got \(delta)")
    }
}
