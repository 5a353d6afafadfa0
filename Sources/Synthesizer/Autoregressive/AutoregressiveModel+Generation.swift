import ProfileGANNeural
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

extension AutoregressiveModel {
    /// Generates this shard's share of `rows` rows and hands them to `write` in batches (constant
    /// memory). Each batch samples its token columns one after another — column k from the
    /// network's softmax given the tokens already drawn — from its own stream (seed, shard, batch),
    /// so the output depends only on the seed, shard and batch size. `--where` conditions
    /// (`options.conditions`, the same syntax as the GAN's) are met by rejection, which keeps the
    /// model's conditional law of every other column exact; a condition the model almost never
    /// meets fails after `minimumAttempts` rows. `options.workers` is ignored (one thread).
    @discardableResult
    public func generate(rows total: Int, options: SynthesizerModel.GenerationOptions = .init(),
                         write: (Table) throws -> Void) throws -> SynthesizerModel.GenerationReport {
        guard total >= 0 else { throw SynthesizerError.invalidConfiguration("rows must not be negative") }
        guard options.batchSize >= 1 else { throw SynthesizerError.invalidConfiguration("batch size must be at least 1") }
        let transformer = tokenizer.transformer
        // A sampler over the tokenizer's encoding only parses and checks conditions (no rows, no frequencies).
        let checker = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        var choices: [ConditionChoice] = []
        for text in options.conditions {
            do { choices.append(try checker.condition(parsing: text)) } catch { throw SynthesizerError.invalidCondition("\(error)") }
        }
        let seed = options.seed ?? SecureGenerator.freshSeed()
        let range = options.shard.rowRange(total: total)
        let target = range.count
        var written = 0, attempted = 0, batchIndex = 0
        var repairs = [Int](repeating: 0, count: schema.constraints.count)
        let sampler = TokenSampler(network: network)
        let width = transformer.width
        while written < target {
            let rows = choices.isEmpty ? min(options.batchSize, target - written) : options.batchSize
            var rng = SeededGenerator(seed: seed, stream: UInt64(options.shard.index) << 32 | UInt64(batchIndex))
            batchIndex += 1
            let tokens = sampler.sample(rows: rows, rng: &rng)
            var encoded = tokens.withUnsafeBufferPointer { tokenizer.encodedRows($0, rows: rows, rng: &rng) }
            var kept = rows
            if !choices.isEmpty {
                kept = 0
                encoded.withUnsafeMutableBufferPointer { values in
                    for r in 0..<rows where written + kept < target {
                        let row = UnsafeBufferPointer(rebasing: values[(r * width)..<((r + 1) * width)])
                        guard choices.allSatisfy({ checker.isSatisfied($0, byEncodedRow: row) }) else { continue }
                        if kept != r {
                            for i in 0..<width { values[kept * width + i] = values[r * width + i] }
                        }
                        kept += 1
                    }
                }
            }
            attempted += rows
            if kept > 0 {
                let (table, repaired) = encoded.withUnsafeBufferPointer {
                    transformer.decodeReportingRepairs(UnsafeBufferPointer(rebasing: $0[0..<(kept * width)]), rows: kept,
                                                       firstID: range.lowerBound + written + 1, freshSeed: seed)
                }
                for (c, count) in repaired.enumerated() { repairs[c] += count }
                try write(table)
                written += kept
                options.progress?(written, target)
            }
            try options.checkAcceptance(written: written, attempted: attempted)
        }
        return SynthesizerModel.GenerationReport(rows: written, attempted: attempted, seed: seed, constraintRepairs: repairs)
    }
}
