extension PrivacyRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case dp, epsilon, delta, accountant, mechanisms, randomness
        case publicInformation = "public_information"
        case charged
        case epsilonIfNoiseWereSecret = "epsilon_if_noise_were_secret"
        case replayDelta = "delta_if_noise_were_secret"
        case headline
        case libraryVersion = "library_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let randomness = try c.decode(NoiseRandomness.self, forKey: .randomness)
        let mechanisms = try c.decode([PrivacyMechanism].self, forKey: .mechanisms)
        // Replayable noise is never DP, whatever the file says.
        let replayable = randomness == .replayable && !mechanisms.isEmpty
        let claimedDP = try c.decode(Bool.self, forKey: .dp)
        let epsilon = try c.decodeIfPresent(Double.self, forKey: .epsilon)
        let delta = try c.decodeIfPresent(Double.self, forKey: .delta) ?? c.decodeIfPresent(Double.self, forKey: .replayDelta)
        self.init(
            dp: claimedDP && !replayable,
            epsilon: replayable ? nil : epsilon,
            delta: replayable ? nil : delta,
            epsilonIfNoiseWereSecret: try c.decodeIfPresent(Double.self, forKey: .epsilonIfNoiseWereSecret) ?? (replayable ? epsilon : nil),
            accountant: try c.decode(AccountantKind.self, forKey: .accountant),
            mechanisms: mechanisms,
            randomness: randomness,
            publicInformation: try c.decodeIfPresent(String.self, forKey: .publicInformation) ?? "",
            charged: try c.decodeIfPresent([ChargedItem].self, forKey: .charged) ?? [],
            libraryVersion: try c.decodeIfPresent(String.self, forKey: .libraryVersion) ?? "unknown")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dp, forKey: .dp)
        if noiseIsReplayable {
            try c.encode(Self.replayableHeadline, forKey: .headline)
            try c.encode(epsilonIfNoiseWereSecret, forKey: .epsilonIfNoiseWereSecret)
        }
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
