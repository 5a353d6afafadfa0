extension PrivacyRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case dp, epsilon, delta, accountant, mechanisms, randomness
        case publicInformation = "public_information"
        case charged
        case libraryVersion = "library_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            dp: try c.decode(Bool.self, forKey: .dp),
            epsilon: try c.decodeIfPresent(Double.self, forKey: .epsilon),
            delta: try c.decodeIfPresent(Double.self, forKey: .delta),
            accountant: try c.decode(AccountantKind.self, forKey: .accountant),
            mechanisms: try c.decode([PrivacyMechanism].self, forKey: .mechanisms),
            randomness: try c.decode(NoiseRandomness.self, forKey: .randomness),
            publicInformation: try c.decodeIfPresent(String.self, forKey: .publicInformation) ?? "",
            charged: try c.decodeIfPresent([ChargedItem].self, forKey: .charged) ?? [],
            libraryVersion: try c.decodeIfPresent(String.self, forKey: .libraryVersion) ?? "unknown")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dp, forKey: .dp)
        // Explicit nulls: tools read these keys even for non-DP models.
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(delta, forKey: .delta)
        try c.encode(accountant, forKey: .accountant)
        try c.encode(mechanisms, forKey: .mechanisms)
        try c.encode(randomness, forKey: .randomness)
        try c.encode(publicInformation, forKey: .publicInformation)
        try c.encode(charged, forKey: .charged)
        try c.encode(libraryVersion, forKey: .libraryVersion)
    }
}
