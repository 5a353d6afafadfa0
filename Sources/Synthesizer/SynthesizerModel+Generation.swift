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
        /// Called after each written batch with (rows written, rows to write).
        public var progress: (@Sendable (Int, Int) -> Void)?

        public init(seed: UInt64? = nil) { self.seed = seed }
    }

    /// What a generation run did.
    public struct GenerationReport: Sendable, Equatable {
        /// Rows written.
        public var rows: Int
        /// Rows generated (more than written when conditions reject some).
        public var attempted: Int
        /// The seed used.
        public var seed: UInt64
        /// Share of generated rows that met the conditions (1 without conditions).
        public var acceptanceRate: Double { attempted == 0 ? 1 : Double(rows) / Double(attempted) }
    }

    /// Generates this shard's share of `rows` rows and hands them to `write` in batches, in constant
    /// memory. Conditions steer the generator through its conditional vector (the first condition
    /// on a conditionable column) and are then enforced by rejection; the report gives the
    /// acceptance rate. Every row handed over is valid under the schema.
    @discardableResult
    public func generate(rows total: Int, options: GenerationOptions = GenerationOptions(),
                         write: (Table) throws -> Void) throws -> GenerationReport {
        guard total >= 0 else { throw SynthesizerError.invalidConfiguration("rows must not be negative") }
        guard options.batchSize >= 1 else { throw SynthesizerError.invalidConfiguration("batch size must be at least 1") }
        var choices: [ConditionChoice] = []
        for text in options.conditions {
            do { choices.append(try sampler.condition(parsing: text)) } catch {
                throw SynthesizerError.invalidCondition("\(error)")
            }
        }
        let seed = options.seed ?? SecureGenerator.freshSeed()
        let range = options.shard.rowRange(total: total)
        var rng = SeededGenerator(seed: seed, stream: 0x5348_4152_4400 + UInt64(options.shard.index))
        let activation = SegmentedActivation(
            segments: GANTrainer.activationSegments(transformer, temperature: configuration.gumbelTemperature),
            generator: rng.split(stream: 1))
        let noiseDimension = configuration.noiseDimension
        let conditionWidth = sampler.conditionWidth
        let input = Matrix(rows: 0, columns: 0)
        var accepted = [Float]()
        var written = 0, attempted = 0
        let target = range.count

        while written < target {
            let batch = min(options.batchSize, max(target - written, 1) * (choices.isEmpty ? 1 : 2))
            let vectors = conditionWidth == 0 ? [] : (choices.isEmpty
                ? sampler.sampleGenerationConditions(batch: batch, rng: &rng)
                : sampler.conditions([ConditionChoice](repeating: choices[0], count: batch))).vectors
            input.resize(rows: batch, columns: noiseDimension + conditionWidth)
            for r in 0..<batch {
                let row = input.row(r)
                rng.fillNormal(UnsafeMutableBufferPointer(rebasing: row[0..<noiseDimension]), standardDeviation: 1)
                for c in 0..<conditionWidth { row[noiseDimension + c] = vectors[r * conditionWidth + c] }
            }
            let output = activation.forward(generator.forward(input))
            let rowsNeeded = target - written
            accepted.removeAll(keepingCapacity: true)
            var keptRows = 0, examined = 0
            // Rows past the last one needed are not looked at, so they do not count as attempts.
            while examined < batch && keptRows < rowsNeeded {
                let row = UnsafeBufferPointer<Float>(output.row(examined))
                examined += 1
                if choices.allSatisfy({ sampler.isSatisfied($0, byEncodedRow: row) }) {
                    accepted.append(contentsOf: row)
                    keptRows += 1
                }
            }
            attempted += examined
            if keptRows > 0 {
                try write(transformer.decode(accepted, rows: keptRows, firstID: range.lowerBound + written + 1))
                written += keptRows
                options.progress?(written, target)
            }
            if !choices.isEmpty, attempted >= options.minimumAttempts,
               Double(written) / Double(attempted) < options.minimumAcceptanceRate {
                throw SynthesizerError.invalidCondition(
                    "only \(written) of \(attempted) generated rows met the conditions (\(options.conditions.joined(separator: ", "))); the model rarely produces such rows")
            }
        }
        return GenerationReport(rows: written, attempted: attempted, seed: seed)
    }
}
