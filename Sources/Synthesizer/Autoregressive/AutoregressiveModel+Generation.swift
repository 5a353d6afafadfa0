import Dispatch
import ProfileGANNeural
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

extension AutoregressiveModel {
    /// Generates this shard's share of `rows` rows and hands them to `write` in batches (constant
    /// memory). Each batch samples its token columns one after another — column k from the
    /// network's softmax given the tokens already drawn — from its own stream (seed, shard, batch),
    /// so the output depends only on the seed, shard and batch size, never on `options.workers`
    /// (batches run on that many threads when OpenBLAS is single-threaded, each with its own copy
    /// of the network). `--where` conditions (`options.conditions`, the same syntax as the GAN's)
    /// are met by rejection, which keeps the model's conditional law of every other column exact; a
    /// condition the model almost never meets fails after `minimumAttempts` rows.
    @discardableResult
    public func generate(rows total: Int, options: SynthesizerModel.GenerationOptions = .init(),
                         write: (Table) throws -> Void) throws -> SynthesizerModel.GenerationReport {
        try generate(rows: total, options: options, prepare: { $0 }, write: write)
    }

    /// Like ``generate(rows:options:write:)``, with each batch first turned into `Prepared` by
    /// `prepare` on the worker thread that generated it (for example CSV bytes with
    /// `TableCSVWriter.encode`), so `write`, called on the caller's thread in batch order, only
    /// stores it.
    @discardableResult
    public func generate<Prepared>(rows total: Int, options: SynthesizerModel.GenerationOptions = .init(),
                                   prepare: @escaping @Sendable (Table) -> Prepared,
                                   write: (Prepared) throws -> Void) throws -> SynthesizerModel.GenerationReport {
        guard total >= 0 else { throw SynthesizerError.invalidConfiguration("rows must not be negative") }
        guard options.batchSize >= 1 else { throw SynthesizerError.invalidConfiguration("batch size must be at least 1") }
        guard options.workers >= 1 else { throw SynthesizerError.invalidConfiguration("workers must be at least 1") }
        let transformer = tokenizer.transformer
        // A sampler over the tokenizer's encoding only parses and checks conditions (no rows, no frequencies).
        let checker = try ConditionalSampler(transformer: transformer, frequencies: .uniform)
        var parsed: [ConditionChoice] = []
        for text in options.conditions {
            do { parsed.append(try checker.condition(parsing: text)) } catch { throw SynthesizerError.invalidCondition("\(error)") }
        }
        let choices = parsed
        let seed = options.seed ?? SecureGenerator.freshSeed()
        let range = options.shard.rowRange(total: total)
        let target = range.count
        let parallel = min(BLASThreads.parallelWorkers(upTo: options.workers), max(1, target / options.batchSize + 1))
        let samplers = try (0..<parallel).map { _ in TokenSampler(network: try network.copy(), support: tokenSupport) }
        var written = 0, attempted = 0, nextBatch = 0
        var repairs = [Int](repeating: 0, count: schema.constraints.count)
        var drawnWithinParent = repairs
        let width = transformer.width
        while written < target {
            // Without conditions batch k holds rows [k·B, (k+1)·B) of the shard, decoded on its worker;
            // with conditions every batch has B rows, filtered there and decoded here in order.
            let batches: [(index: Int, rows: Int)] = (0..<parallel).compactMap { i in
                let k = nextBatch + i
                let rows = choices.isEmpty ? min(options.batchSize, target - k * options.batchSize) : options.batchSize
                return rows > 0 ? (k, rows) : nil
            }
            nextBatch += parallel
            // Each worker writes only its own slot of these.
            nonisolated(unsafe) let kept = UnsafeMutableBufferPointer<[Float]>.allocate(capacity: batches.count)
            kept.initialize(repeating: [])
            defer { kept.deinitialize().deallocate() }
            nonisolated(unsafe) let prepared = UnsafeMutableBufferPointer<Prepared?>.allocate(capacity: batches.count)
            prepared.initialize(repeating: nil)
            defer { prepared.deinitialize().deallocate() }
            nonisolated(unsafe) let decodedCounts = UnsafeMutableBufferPointer<(repairs: [Int], drawn: [Int])>.allocate(capacity: batches.count)
            decodedCounts.initialize(repeating: ([], []))
            defer { decodedCounts.deinitialize().deallocate() }
            DispatchQueue.concurrentPerform(iterations: batches.count) { i in
                let (k, rows) = batches[i]
                var rng = SeededGenerator(seed: seed, stream: UInt64(options.shard.index) << 32 | UInt64(k))
                let tokens = samplers[i].sample(rows: rows, rng: &rng)
                var encoded = tokens.withUnsafeBufferPointer { tokenizer.encodedRows($0, rows: rows, rng: &rng) }
                if choices.isEmpty {
                    let (table, repaired, drawn) = encoded.withUnsafeBufferPointer {
                        transformer.decodeReportingConstraints($0, rows: rows, firstID: range.lowerBound + k * options.batchSize + 1, freshSeed: seed)
                    }
                    prepared[i] = prepare(table)
                    decodedCounts[i] = (repaired, drawn)
                    return
                }
                var accepted = 0
                encoded.withUnsafeMutableBufferPointer { values in
                    for r in 0..<rows {
                        let row = UnsafeBufferPointer(rebasing: values[(r * width)..<((r + 1) * width)])
                        guard choices.allSatisfy({ checker.isSatisfied($0, byEncodedRow: row) }) else { continue }
                        if accepted != r {
                            for j in 0..<width { values[accepted * width + j] = values[r * width + j] }
                        }
                        accepted += 1
                    }
                }
                encoded.removeLast((rows - accepted) * width)
                kept[i] = encoded
            }
            for (i, batch) in batches.enumerated() where written < target {
                attempted += batch.rows
                if let table = prepared[i] {
                    for (c, count) in decodedCounts[i].repairs.enumerated() { repairs[c] += count }
                    for (c, count) in decodedCounts[i].drawn.enumerated() { drawnWithinParent[c] += count }
                    try write(table)
                    written += batch.rows
                } else {
                    let rows = min(kept[i].count / max(width, 1), target - written)
                    if rows > 0 {
                        let (table, repaired, drawn) = kept[i].withUnsafeBufferPointer {
                            transformer.decodeReportingConstraints(UnsafeBufferPointer(rebasing: $0[0..<(rows * width)]), rows: rows,
                                                                   firstID: range.lowerBound + written + 1, freshSeed: seed)
                        }
                        for (c, count) in repaired.enumerated() { repairs[c] += count }
                        for (c, count) in drawn.enumerated() { drawnWithinParent[c] += count }
                        try write(prepare(table))
                        written += rows
                    }
                }
                options.progress?(written, target)
                try options.checkAcceptance(written: written, attempted: attempted)
            }
        }
        return SynthesizerModel.GenerationReport(rows: written, attempted: attempted, seed: seed, constraintRepairs: repairs,
                                                 childrenDrawnWithinParent: drawnWithinParent)
    }
}
