/// One condition: entry `entry` of conditionable block `block` (indices into
/// ``ConditionalSampler/blocks`` and that block's ``DiscreteBlock/valueNames``).
public struct ConditionChoice: Sendable, Hashable, Codable {
    /// The index of the block in ``ConditionalSampler/blocks``.
    public let block: Int
    /// The entry (category) within the block.
    public let entry: Int

    public init(block: Int, entry: Int) {
        self.block = block
        self.entry = entry
    }
}

/// Conditional vectors for a batch of generator (or discriminator) inputs.
public struct ConditionBatch: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int
    /// The width of one conditional vector (``ConditionalSampler/conditionWidth``).
    public let conditionWidth: Int
    /// Row-major `rows × conditionWidth` one-hot vectors: each row has a single 1, at
    /// `conditionOffsets[choice.block] + choice.entry`.
    public let vectors: [Float]
    /// The condition of each row (empty when the sampler has no conditionable blocks).
    public let choices: [ConditionChoice]
    /// Row-major `rows × blockCount`: 1 at the conditioned block of each row, else 0. Multiply the
    /// generator's per-block cross-entropy by it so only the conditioned block is penalized.
    public let mask: [Float]
    /// The number of conditionable blocks (the mask's width).
    public let blockCount: Int

    public init(rows: Int, conditionWidth: Int, vectors: [Float], choices: [ConditionChoice], mask: [Float], blockCount: Int) {
        self.rows = rows
        self.conditionWidth = conditionWidth
        self.vectors = vectors
        self.choices = choices
        self.mask = mask
        self.blockCount = blockCount
    }
}
