import ProfileGANRandom

extension ComputePool {
    /// Runs `body` on `0..<count` in blocks of `blockSize`, each block with its own generator
    /// `SeededGenerator(seed: s, stream: block)`, where `s` is one draw of `generator`.
    ///
    /// How the layers that draw random numbers (dropout masks, Gumbel noise, the generator's input
    /// noise) use more than one core: the blocks may run anywhere, and what each draws depends only
    /// on its number, never on how many threads there are. `generator` advances by exactly one draw.
    public func forEachSeededBlock(of count: Int, blockSize: Int, seededBy generator: inout SeededGenerator,
                                   _ body: (Range<Int>, inout SeededGenerator) -> Void) {
        precondition(blockSize > 0, "blocks must hold at least one element")
        let seed = generator.next()
        let blocks = (count + blockSize - 1) / blockSize
        forEachRange(of: blocks, grain: 1) { range in
            for block in range {
                var stream = SeededGenerator(seed: seed, stream: UInt64(block))
                body(block * blockSize ..< min(count, (block + 1) * blockSize), &stream)
            }
        }
    }
}
