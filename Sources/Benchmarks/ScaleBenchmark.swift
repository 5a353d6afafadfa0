import Foundation
import ProfileGANSchema
import ProfileGANSynthesizer

/// One point of the scale curve behind `profilegan bench scale`: a fit and a generation on `rows`
/// rows of the 20-column benchmark table (``BenchEvaluationData``: 10 continuous, 8 categorical,
/// 2 boolean columns with shared latent factors), with where the time and the memory go.
///
/// Peak memory is the process's high-water mark, so each size must run in a fresh process (the
/// CLI starts one per size).
public enum ScaleBenchmark {
    /// What one size measured.
    public struct Measurement: Sendable, Codable, Equatable {
        /// Rows of the training table.
        public var rows: Int
        /// Epochs fitted.
        public var epochs: Int
        /// Seconds to build the table in memory (not part of the fit).
        public var tableSeconds: Double
        /// Each stage before the first training step, in order.
        public var phases: [Phase]
        /// Mean wall time of one epoch.
        public var secondsPerEpoch: Double
        /// The whole `Synthesizer.fit` call.
        public var fitSeconds: Double
        /// Rows generated and the rate (decoded tables, not written).
        public var generatedRows: Int, generatedRowsPerSecond: Double
        /// Bytes of the encoded training rows (rows × width × 4).
        public var encodedBytes: Int
        /// The process's peak resident memory, bytes (0 where the system does not report it).
        public var peakResidentBytes: Int
        /// Categories of the added `city` column (nil: none added).
        public var cityCategories: Int?
        /// The city column's TVComplement: generated rows against the training rows, and a real
        /// hold-out of as many rows (drawn from the same law) against the training rows.
        public var cityShapeSynthetic: Double?, cityShapeHoldout: Double?

        /// Seconds before the first step (the phases' sum).
        public var preprocessingSeconds: Double { phases.reduce(0) { $0 + $1.seconds } }
        /// The preprocessing's share of the fit.
        public var preprocessingShare: Double { preprocessingSeconds / fitSeconds }
        /// Peak memory over the encoded table's size (target at 1M rows: ≤ 2).
        public var peakOverEncoded: Double { Double(peakResidentBytes) / Double(max(encodedBytes, 1)) }
    }

    /// A stage before the first step.
    public struct Phase: Sendable, Codable, Equatable {
        public var name: String
        public var seconds: Double
    }

    /// Builds the table, fits `epochs` epochs with the library's defaults (seed 1) and generates
    /// `generateRows` rows.
    /// With `cityCategories` the table also has a many-valued `city` column (``addingCity(to:categories:seed:)``),
    /// whose generated shape is scored against the training rows beside a hold-out's.
    /// `maxOneHot` sets ``SynthesizerConfiguration/maxOneHotCategories``.
    public static func run(rows: Int, epochs: Int, generateRows: Int, cityCategories: Int? = nil, maxOneHot: Int? = nil) throws -> Measurement {
        let clock = ContinuousClock()
        var table: Table?
        var tableError: (any Error)?
        let tableSeconds = BenchmarkClock.seconds {
            table = BenchEvaluationData.table(rows: rows, seed: 1)
            if let cityCategories {
                do { table = try addingCity(to: table!, categories: cityCategories, seed: 1) } catch { tableError = error }
            }
        }
        if let tableError { throw tableError }
        let trainingCities = cityCategories.map { counts(cityCodes(rows: rows, categories: $0, seed: 1), categories: $0) }
        var configuration = SynthesizerConfiguration()
        configuration.epochs = epochs
        configuration.seed = 1
        configuration.maxOneHotCategories = maxOneHot
        let phases = PhaseLog()
        var options = Synthesizer.FitOptions { report in phases.addEpoch(report.elapsedSeconds) }
        options.phase = { phases.add(Phase(name: $0.name, seconds: $0.seconds)) }
        let fitStart = clock.now
        let model = try Synthesizer.fit(table!, configuration: configuration, options: options)
        let fitSeconds = BenchmarkClock.seconds(clock.now - fitStart)
        table = nil  // generation needs only the model
        var generated = 0
        var generatedCities = cityCategories.map { [Int](repeating: 0, count: $0) }
        let cityIndex = model.schema.columnIndex(named: "city")
        let cityPosition = Dictionary(uniqueKeysWithValues: (0..<(cityCategories ?? 0)).map { ("city\($0)", $0) })
        var generation = SynthesizerModel.GenerationOptions(seed: 1)
        generation.workers = ProcessInfo.processInfo.activeProcessorCount
        let generateSeconds = try BenchmarkClock.seconds {
            try model.generate(rows: generateRows, options: generation) { batch in
                generated += batch.rowCount
                if let cityIndex, case .categorical(let codes, let seen) = batch.columns[cityIndex], generatedCities != nil {
                    // Decoded codes index the batch's own category list; map them back by name.
                    let toSchema = seen.map { cityPosition[$0] ?? -1 }
                    for code in codes where code >= 0 && toSchema[Int(code)] >= 0 { generatedCities![toSchema[Int(code)]] += 1 }
                }
            }
        }
        var cityShapeSynthetic: Double?, cityShapeHoldout: Double?
        if let cityCategories, let trainingCities, let generatedCities {
            cityShapeSynthetic = tvComplement(generatedCities, trainingCities)
            let holdout = counts(cityCodes(rows: max(generated, 1), categories: cityCategories, seed: 2), categories: cityCategories)
            cityShapeHoldout = tvComplement(holdout, trainingCities)
        }
        return Measurement(
            rows: rows, epochs: epochs, tableSeconds: tableSeconds, phases: phases.phases,
            secondsPerEpoch: phases.trainingSeconds / Double(max(epochs, 1)), fitSeconds: fitSeconds,
            generatedRows: generated, generatedRowsPerSecond: Double(generated) / max(generateSeconds, 1e-9),
            encodedBytes: rows * model.transformer.width * MemoryLayout<Float>.size,
            peakResidentBytes: peakResidentBytes(), cityCategories: cityCategories,
            cityShapeSynthetic: cityShapeSynthetic, cityShapeHoldout: cityShapeHoldout)
    }

    /// The process's peak resident set (Linux: VmHWM in /proc/self/status), bytes.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// Collects phases and the training time from the fit's callbacks (on the training thread).
    private final class PhaseLog: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [Phase] = []
        private var lastElapsed = 0.0

        func add(_ phase: Phase) { lock.withLock { collected.append(phase) } }
        func addEpoch(_ elapsedSinceTrainingStart: Double) { lock.withLock { lastElapsed = elapsedSinceTrainingStart } }
        var phases: [Phase] { lock.withLock { collected } }
        var trainingSeconds: Double { lock.withLock { lastElapsed } }
    }
}
