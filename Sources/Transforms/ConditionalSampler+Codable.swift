/// The sampler is stored in the model file so that generation draws conditions at the same rates as
/// at training time. The real-row index is not stored: a decoded sampler conditions but cannot
/// sample real rows (``hasRealRowIndex`` is false).
extension ConditionalSampler: Codable {
    private enum CodingKeys: String, CodingKey {
        case blocks, probabilities, generationProbabilities = "generation_probabilities"
        case frequencyMode = "frequency_mode", rowWidth = "row_width"
        case releasedCounts = "released_counts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let blocks = try c.decode([DiscreteBlock].self, forKey: .blocks)
        let probabilities = try c.decode([[Double]].self, forKey: .probabilities)
        let generationProbabilities = try c.decode([[Double]].self, forKey: .generationProbabilities)
        let rowWidth = try c.decode(Int.self, forKey: .rowWidth)
        let laws = [probabilities, generationProbabilities]
        guard laws.allSatisfy({ $0.count == blocks.count && zip($0, blocks).allSatisfy { $0.count == $1.length } }),
              blocks.allSatisfy({ $0.start >= 0 && $0.start + $0.length <= rowWidth }) else {
            throw DecodingError.dataCorruptedError(forKey: .probabilities, in: c, debugDescription: "the condition laws do not match the blocks")
        }
        self.blocks = blocks
        self.probabilities = probabilities
        self.generationProbabilities = generationProbabilities
        self.rowWidth = rowWidth
        frequencyMode = try c.decode(CategoryFrequencies.Mode.self, forKey: .frequencyMode)
        releasedCounts = try c.decodeIfPresent([[Int]].self, forKey: .releasedCounts)
        (conditionOffsets, conditionWidth) = Self.conditionLayout(blocks)
        rowsByEntry = nil
        realRowCount = 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(probabilities, forKey: .probabilities)
        try c.encode(generationProbabilities, forKey: .generationProbabilities)
        try c.encode(frequencyMode, forKey: .frequencyMode)
        try c.encode(rowWidth, forKey: .rowWidth)
        try c.encodeIfPresent(releasedCounts, forKey: .releasedCounts)
    }
}
