import ProfileGANNeural
import ProfileGANRandom
import ProfileGANSchema
import ProfileGANTransforms

/// One thread's share of generation: its own generator copy, output activation and workspaces.
final class GenerationWorker: @unchecked Sendable {
    /// What to generate for one batch.
    struct Plan: Sendable {
        let rows: Int
        let rng: SeededGenerator
        let conditions: [ConditionChoice]
        /// The id of the batch's first row when it is known in advance (no conditions): the worker
        /// then decodes the rows itself.
        let firstID: Int?
        /// The generation seed, from which `pii` columns draw their fresh values.
        let freshSeed: UInt64
    }

    /// The batch's rows that met the conditions (all of them without conditions): decoded when the
    /// plan gave the first id, else encoded for the caller to decode.
    struct Output {
        var decoded: Table?
        /// Rows each schema constraint repaired in `decoded` (see `DataTransformer.decodeReportingRepairs`).
        var repairs: [Int] = []
        /// Rows whose `(rare)` child each constraint drew within its parent in `decoded`.
        var drawnWithinParent: [Int] = []
        var values: [Float]
        var acceptedRows: Int
        var examinedRows: Int
        /// For each accepted row, how many rows had been examined up to and including it.
        var examinedAtAccepted: [Int]

        func examinedRowsBeforeAccepted(_ kept: Int) -> Int { kept == 0 ? examinedRows : examinedAtAccepted[kept - 1] }
    }

    private let model: SynthesizerModel
    private let network: InferenceGenerator
    private let outputSampler: OutputSampler
    private let input = Matrix(rows: 0, columns: 0)
    private let output = Matrix(rows: 0, columns: 0)

    /// @unchecked Sendable: each worker is used by one thread at a time (one `concurrentPerform`
    /// iteration runs its batches in turn); the model it reads is immutable during generation.
    /// Compiles the model's generator: create workers before generation starts, on one thread.
    init(model: SynthesizerModel) {
        self.model = model
        network = InferenceGenerator(model.generator, conditionWidth: model.sampler.conditionWidth)
        outputSampler = OutputSampler(transformer: model.transformer)
    }

    func run(_ plan: Plan) -> Output {
        var rng = plan.rng
        var activationRNG = rng.split(stream: 1)
        let sampler = model.sampler
        let noiseDimension = model.configuration.noiseDimension
        let conditionWidth = sampler.conditionWidth
        let vectors = conditionWidth == 0 ? [] : (plan.conditions.isEmpty
            ? sampler.sampleGenerationConditions(batch: plan.rows, rng: &rng)
            : sampler.conditions([ConditionChoice](repeating: plan.conditions[0], count: plan.rows))).vectors
        // Chunk by chunk — noise, network, output activation — so each step finds the previous
        // one's result in cache. The rows draw from `rng` and `activationRNG` in order, as
        // whole-batch passes would, so the chunk size does not change the output.
        output.resize(rows: plan.rows, columns: network.dataWidth)
        var start = 0
        while start < plan.rows {
            let rows = min(network.chunkRows, plan.rows - start)
            input.fillGeneratorInput(rows: rows, noiseDimension: noiseDimension, conditions: vectors, firstConditionRow: start,
                                     conditionWidth: conditionWidth, noise: .ziggurat, rng: &rng)
            network.forward(input, into: output, firstRow: start)
            outputSampler.apply(to: output, rows: start..<(start + rows), rng: &activationRNG)
            start += rows
        }
        if let firstID = plan.firstID {
            let (table, repairs, drawnWithinParent) = model.transformer.decodeReportingConstraints(
                UnsafeBufferPointer(start: output.data, count: plan.rows * output.columns), rows: plan.rows, firstID: firstID,
                freshSeed: plan.freshSeed)
            // Every row is kept and the batch is sized to what is needed, so no partial count is asked for.
            return Output(decoded: table, repairs: repairs, drawnWithinParent: drawnWithinParent, values: [], acceptedRows: plan.rows, examinedRows: plan.rows,
                          examinedAtAccepted: [])
        }
        var accepted = Output(decoded: nil, values: [], acceptedRows: 0, examinedRows: plan.rows, examinedAtAccepted: [])
        // A label condition is met only by a cell that is present (a missing cell has no labels).
        let presence = plan.conditions.compactMap { sampler.presenceBlock(for: $0, in: model.transformer) }
        for r in 0..<plan.rows {
            let row = UnsafeBufferPointer<Float>(output.row(r))
            if plan.conditions.allSatisfy({ sampler.isSatisfied($0, byEncodedRow: row) })
                && presence.allSatisfy({ DataTransformer.cellIsPresent($0, inEncodedRow: row) }) {
                accepted.values.append(contentsOf: row)
                accepted.acceptedRows += 1
                accepted.examinedAtAccepted.append(r + 1)
            }
        }
        return accepted
    }
}
