import ProfileGANNeural
import ProfileGANTransforms

/// Released one-way and two-way marginals the generator is pulled towards while it trains, with
/// the weight of that pull (see ``BatchMarginalLoss``).
///
/// Under differential privacy the marginals are noisy counts the privacy layer released and
/// charged, so training against them is post-processing. The adversarial signal reaches the
/// generator only through a noised discriminator; the marginals give it a direct, much less noisy
/// target for each column's distribution (and for the pairs released), and the discriminator is
/// left to teach the rest of how columns go together.
struct MarginalTargets {
    let targets: [MarginalTarget]
    /// The pull's weight relative to the adversarial loss, per target.
    let weight: Float

    init(targets: [MarginalTarget], weight: Float) {
        self.targets = targets
        self.weight = weight
    }

    /// The exact one-way marginals of the encoded training rows (no privacy): every one-hot output
    /// segment, and the scalar of every min-max continuous column in ``exactScalarBins`` bins (a
    /// nullable one's as indicator × scalar, see ``MarginalColumn``).
    init(exactMarginalsOf encoded: EncodedBatch, transformer: DataTransformer, weight: Float) {
        var columns = transformer.outputSegments.filter { $0.activation == .softmax }
            .map { MarginalColumn(kind: .block($0.range), name: "columns \($0.range)") }
        for (index, column) in transformer.columns.enumerated() {
            if case .continuous(let transform) = column, case .minMax = transform.normalization {
                columns.append(MarginalColumn.scalar(of: transform, at: transformer.columnOffsets[index]))
            }
        }
        targets = columns.flatMap { column in
            column.targets(counts: column.counts(of: encoded, bins: Self.exactScalarBins).map(Double.init), bins: Self.exactScalarBins)
        }
        self.weight = weight
    }

    /// Bins of a min-max scalar's exact marginal.
    static let exactScalarBins = 32

    /// Noisy counts clamped at zero and normalized (uniform when nothing survives).
    static func distribution(_ counts: [Double]) -> [Float] {
        let clamped = counts.map { max($0, 0) }
        let total = clamped.reduce(0, +)
        guard total > 0 else { return [Float](repeating: 1 / Float(counts.count), count: counts.count) }
        return clamped.map { Float($0 / total) }
    }

    /// Adds the weighted divergence of every target to the generator's raw output `output`, and its
    /// gradient into `gradient`. Rows were conditioned by `conditions`; each is weighted so the batch
    /// stands for unconditional generation (conditions at their plain frequencies).
    func addLoss(output: Matrix, conditions: ConditionBatch, sampler: ConditionalSampler, gradient: Matrix) -> Float {
        let rowWeights = Self.generationWeights(conditions, sampler: sampler)
        let total = BatchMarginalLoss.loss(output: output, targets: targets, rowWeights: rowWeights,
                                           accumulatingGradientInto: gradient, gradientScale: weight)
        return weight * total
    }

    /// Importance weights (summing to 1) that turn a batch whose conditions were drawn with the
    /// sampler's training law into one drawn with its generation law: both pick the block
    /// uniformly, so a row conditioned on entry k of block b weighs generation(b, k) / training(b, k).
    static func generationWeights(_ conditions: ConditionBatch, sampler: ConditionalSampler) -> [Float] {
        guard !conditions.choices.isEmpty else { return [Float](repeating: 1 / Float(conditions.rows), count: conditions.rows) }
        var weights = conditions.choices.map { choice -> Double in
            let training = sampler.probabilities[choice.block][choice.entry]
            return training > 0 ? sampler.generationProbabilities[choice.block][choice.entry] / training : 0
        }
        let total = weights.reduce(0, +)
        if total > 0 { for i in weights.indices { weights[i] /= total } }
        return weights.map { Float($0) }
    }
}
