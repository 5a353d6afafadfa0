import Dispatch
import Foundation
import ProfileGANNeural
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// Which part of a large generation job this process does: shard `index` (0-based) of `count`.
///
/// Shard k writes exactly its share of the rows (the first `rows % count` shards one more), with
/// ids continuing where shard k−1's end and a random stream no other shard uses, so N machines can
/// each run one shard and `cat` the parts into one dataset.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole job.
    public static let whole = Shard(validatedIndex: 0, count: 1)

    /// Parses `K/N` with 1-based K (as users write it: `--shard 2/4` is the second of four).
    public init(parsing text: String) throws(SynthesizerError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw .invalidConfiguration("shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4 (got \"\(text)\")")
        }
        self.init(validatedIndex: k - 1, count: n)
    }

    init(validatedIndex: Int, count: Int) {
        self.index = validatedIndex
        self.count = count
    }

    /// The rows of a `total`-row job that this shard produces.
    public func rowRange(total: Int) -> Range<Int> {
        let base = total / count, extra = total % count
        let start = index * base + min(index, extra)
        return start..<(start + base + (index < extra ? 1 : 0))
    }

    public var description: String { "\(index + 1)/\(count)" }
}

extension SynthesizerModel {
    /// Settings of a generation run.
    public struct GenerationOptions: Sendable {
        /// Seed of the generation stream; the same seed (and shard) gives the same rows.
        /// `nil` draws a fresh one from the OS.
        public var seed: UInt64?
        /// Rows generated per network pass (memory grows with it; output is streamed).
        public var batchSize = 8192
        /// `column=value` conditions every generated row must satisfy.
        public var conditions: [String] = []
        /// The part of the job this run does.
        public var shard = Shard.whole
        /// Gives up on conditions whose acceptance rate stays below this after ``minimumAttempts`` rows.
        public var minimumAcceptanceRate = 1e-4
        public var minimumAttempts = 100_000
        /// Threads generating batches in parallel, each with its own compiled `InferenceGenerator`.
        /// They are used only when OpenBLAS is single-threaded (`BLASThreads.count = 1`, the caller's
        /// process-wide choice); otherwise OpenBLAS' own threads use the cores and one worker runs.
        /// Does not change the output.
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// Called after each written batch with (rows written, rows to write).
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init(seed: UInt64? = nil) { self.seed = seed }

        /// Gives up when conditions reject nearly every generated row: after ``minimumAttempts``
        /// rows, fewer than ``minimumAcceptanceRate`` of them written.
        func checkAcceptance(written: Int, attempted: Int) throws(SynthesizerError) {
            guard !conditions.isEmpty, attempted >= minimumAttempts,
                  Double(written) / Double(attempted) < minimumAcceptanceRate else { return }
            throw .invalidCondition(
                "only \(written) of \(attempted) generated rows met the conditions (\(conditions.joined(separator: ", "))); the model rarely produces such rows")
        }
    }

    /// What a generation run did.
    public struct GenerationReport: Sendable, Equatable {
        /// Rows written.
        public var rows: Int
        /// Rows generated (more than written when conditions reject some).
        public var attempted: Int
        /// The seed used.
        public var seed: UInt64
        /// Rows each schema constraint (in `schema.constraints` order) had to repair: the rate at
        /// which the generator broke it (repaired rows keep it; see `DataTransformer.decodeReportingRepairs`).
        public var constraintRepairs: [Int] = []
        /// Rows whose `(rare)` child each constraint (same order) drew among the rare children
        /// allowed with the row's parent: consistent by construction, so not repaired (zeros for
        /// inequalities and for children without a rare bucket; empty when not counted).
        public var childrenDrawnWithinParent: [Int] = []
        /// Share of generated rows that met the conditions (1 without conditions).
        public var acceptanceRate: Double { attempted == 0 ? 1 : Double(rows) / Double(attempted) }
    }

    /// Generates this shard's share of `rows` rows and hands them to `write` in batches, in constant
    /// memory. Conditions steer the generator through its conditional vector (the first condition
    /// on a conditionable column) and are then enforced by rejection; the report gives the
    /// acceptance rate. Every row handed over is valid under the schema.
    ///
    /// Batches run on ``GenerationOptions/workers`` threads. Batch k of shard s draws from its own
    /// random stream (seed, s, k), so the output depends on the seed, shard and batch size only —
    /// never on the number of workers or on thread timing.
    @discardableResult
    public func generate(rows total: Int, options: GenerationOptions = GenerationOptions(),
                         write: (Table) throws -> Void) throws -> GenerationReport {
        try generate(rows: total, options: options, prepare: { $0 }, write: write)
    }

    /// Like ``generate(rows:options:write:)``, with each batch first turned into `Prepared` by
    /// `prepare` on the worker thread that generated it (for example formatted as CSV bytes with
    /// ``TableCSVWriter/encode(_:)``), so that this work runs in parallel and `write`, called on the
    /// caller's thread in batch order, only has to store the result.
    @discardableResult
    public func generate<Prepared>(rows total: Int, options: GenerationOptions = GenerationOptions(),
                                   prepare: @escaping @Sendable (Table) -> Prepared,
                                   write: (Prepared) throws -> Void) throws -> GenerationReport {
        guard total >= 0 else { throw SynthesizerError.invalidConfiguration("rows must not be negative") }
        guard options.batchSize >= 1 else { throw SynthesizerError.invalidConfiguration("batch size must be at least 1") }
        guard options.workers >= 1 else { throw SynthesizerError.invalidConfiguration("workers must be at least 1") }
        var choices: [ConditionChoice] = []
        for text in options.conditions {
            do { choices.append(try sampler.condition(parsing: text)) } catch {
                throw SynthesizerError.invalidCondition("\(error)")
            }
        }
        let seed = options.seed ?? SecureGenerator.freshSeed()
        let range = options.shard.rowRange(total: total)
        let target = range.count
        let parallel = BLASThreads.parallelWorkers(upTo: options.workers)
        let workers = (0..<min(parallel, max(1, target / options.batchSize + 1))).map { _ in GenerationWorker(model: self) }
        var written = 0, attempted = 0, nextBatch = 0
        var repairs = [Int](repeating: 0, count: schema.constraints.count)
        var drawnWithinParent = repairs

        // Without conditions a round gives every worker several batches, so the workers meet (and
        // wait for the slowest) less often; with conditions one each, so that a small job does not
        // overshoot by many batches.
        let batchesPerRound = workers.count * (choices.isEmpty ? 4 : 1)
        while written < target {
            // Without conditions batch k holds rows [k·B, (k+1)·B) of the shard; with conditions every
            // batch has B rows and is filtered.
            let plans: [GenerationWorker.Plan] = (0..<batchesPerRound).compactMap { i in
                let k = nextBatch + i
                let rows = choices.isEmpty ? min(options.batchSize, target - k * options.batchSize) : options.batchSize
                guard rows > 0 else { return nil }
                let stream = UInt64(options.shard.index) << 32 | UInt64(k)
                return GenerationWorker.Plan(rows: rows, rng: SeededGenerator(seed: seed, stream: stream), conditions: choices,
                                             firstID: choices.isEmpty ? range.lowerBound + k * options.batchSize + 1 : nil,
                                             freshSeed: seed)
            }
            nextBatch += batchesPerRound
            // Worker w runs batches w, w + W, w + 2W, … of the round; each writes only its own slot.
            nonisolated(unsafe) let results = UnsafeMutableBufferPointer<GenerationWorker.Output?>.allocate(capacity: plans.count)
            results.initialize(repeating: nil)
            defer { results.deinitialize().deallocate() }
            // Batches decoded on the worker (those without conditions) are also prepared there.
            nonisolated(unsafe) let prepared = UnsafeMutableBufferPointer<Prepared?>.allocate(capacity: plans.count)
            prepared.initialize(repeating: nil)
            defer { prepared.deinitialize().deallocate() }
            DispatchQueue.concurrentPerform(iterations: min(workers.count, plans.count)) { w in
                for i in stride(from: w, to: plans.count, by: workers.count) {
                    var output = workers[w].run(plans[i])
                    if let decoded = output.decoded {
                        prepared[i] = prepare(decoded)
                        output.decoded = nil
                    }
                    results[i] = output
                }
            }
            for (i, output) in results.enumerated() {
                guard let output, written < target else { continue }
                // Rows past the last one needed are not looked at, so they do not count as attempts.
                let kept = min(output.acceptedRows, target - written)
                attempted += kept == output.acceptedRows ? output.examinedRows : output.examinedRowsBeforeAccepted(kept)
                guard kept > 0 else { continue }
                for (c, count) in output.repairs.enumerated() { repairs[c] += count }
                for (c, count) in output.drawnWithinParent.enumerated() { drawnWithinParent[c] += count }
                if let batch = prepared[i] {
                    try write(batch)  // all its rows are needed: batches without conditions are sized exactly
                    written += kept
                    options.progress?(written, target)
                    continue
                }
                try output.values.withUnsafeBufferPointer { values in
                    let (table, repaired, drawn) = transformer.decodeReportingConstraints(
                        UnsafeBufferPointer(rebasing: values[0..<(kept * transformer.width)]), rows: kept,
                        firstID: range.lowerBound + written + 1, freshSeed: seed)
                    for (c, count) in repaired.enumerated() { repairs[c] += count }
                    for (c, count) in drawn.enumerated() { drawnWithinParent[c] += count }
                    try write(prepare(table))
                }
                written += kept
                options.progress?(written, target)
            }
            try options.checkAcceptance(written: written, attempted: attempted)
        }
        return GenerationReport(rows: written, attempted: attempted, seed: seed, constraintRepairs: repairs,
                                childrenDrawnWithinParent: drawnWithinParent)
    }
}
