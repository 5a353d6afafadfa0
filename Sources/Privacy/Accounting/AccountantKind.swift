/// Which accountant turns mechanisms into (ε, δ): `rdp` (Rényi DP, a fast closed-form upper
/// bound) or `pld` (privacy-loss distribution, numerically tight). Both are valid upper bounds;
/// PLD is typically 5–15% smaller for DP-SGD settings.
public enum AccountantKind: String, Codable, CaseIterable, Sendable {
    case rdp
    case pld

    /// The accountant used when none is named: PLD, the tighter one (fast enough; see
    /// docs/PERFORMANCE.md, "Privacy accountant").
    public static let `default`: AccountantKind = .pld

    /// A default-configured accountant of this kind.
    public func makeAccountant() -> any PrivacyAccountant {
        switch self {
        case .rdp: RDPAccountant()
        case .pld: PLDAccountant()
        }
    }
}
