import ProfileGANRandom

/// Drawing conditions and matching real rows.
extension ConditionalSampler {
    /// Draws `batch` conditions by training-by-sampling (uniform block, log-frequency entry).
    public func sampleConditions(batch: Int, rng: inout some RandomNumberGenerator) -> ConditionBatch {
        sample(batch: batch, law: probabilities, rng: &rng)
    }

    /// Draws `batch` conditions for unconditional generation (uniform block, entry at its plain
    /// frequency; see ``generationProbabilities``).
    public func sampleGenerationConditions(batch: Int, rng: inout some RandomNumberGenerator) -> ConditionBatch {
        sample(batch: batch, law: generationProbabilities, rng: &rng)
    }

    private func sample(batch: Int, law: [[Double]], rng: inout some RandomNumberGenerator) -> ConditionBatch {
        guard !blocks.isEmpty else { return makeBatch([], rows: batch) }
        let choices = (0..<batch).map { _ in
            let block = rng.nextIndex(below: blocks.count)
            return ConditionChoice(block: block, entry: draw(law[block], total: 1, rng: &rng) ?? 0)
        }
        return makeBatch(choices, rows: batch)
    }

    /// For each choice, the index of a real row having it, uniformly among those rows. A choice no
    /// real row has (possible only with uniform or noisy frequencies) gets a uniformly random row.
    /// Requires the real-row index (``init(transformer:frequencies:realRows:)`` with `realRows`).
    public func sampleRealRows(for choices: [ConditionChoice], rng: inout some RandomNumberGenerator) -> [Int] {
        guard let rowsByEntry, realRowCount > 0 else { preconditionFailure("sampleRealRows needs a sampler built with non-empty realRows") }
        return choices.map { choice in
            let rows = rowsByEntry[choice.block][choice.entry]
            return rows.isEmpty ? rng.nextIndex(below: realRowCount) : Int(rows[rng.nextIndex(below: rows.count)])
        }
    }

    /// Conditions read off real encoded rows themselves (the DP path): for each row a block is
    /// picked uniformly and the row's own entry in it becomes the condition. No frequencies involved.
    /// `encoded` holds `rows` rows of ``rowWidth`` values.
    public func readConditions(fromEncodedRows encoded: UnsafeBufferPointer<Float>, rows: Int,
                               rng: inout some RandomNumberGenerator) -> ConditionBatch {
        precondition(encoded.count >= rows * rowWidth, "the buffer needs rows × rowWidth entries")
        guard !blocks.isEmpty else { return makeBatch([], rows: rows) }
        let width = rowWidth
        let choices = (0..<rows).map { r in
            let block = rng.nextIndex(below: blocks.count)
            return ConditionChoice(block: block, entry: argmax(encoded, from: r * width + blocks[block].start, count: blocks[block].length))
        }
        return makeBatch(choices, rows: rows)
    }

    /// Conditions for the given choices, in order (for fixed conditions at generation time, or to
    /// rebuild vectors).
    public func conditions(_ choices: [ConditionChoice]) -> ConditionBatch {
        makeBatch(choices, rows: choices.count)
    }

    private func makeBatch(_ choices: [ConditionChoice], rows: Int) -> ConditionBatch {
        var vectors = [Float](repeating: 0, count: rows * conditionWidth)
        var mask = [Float](repeating: 0, count: rows * blocks.count)
        for (r, choice) in choices.enumerated() {
            vectors[r * conditionWidth + conditionOffsets[choice.block] + choice.entry] = 1
            mask[r * blocks.count + choice.block] = 1
        }
        return ConditionBatch(rows: rows, conditionWidth: conditionWidth, vectors: vectors, choices: choices,
                              mask: mask, blockCount: blocks.count)
    }
}
