import ProfileGANNeural
import ProfileGANPrivacy
import ProfileGANRandom
import ProfileGANTransforms

/// The released token marginals of a DP autoregressive fit and the pull towards them.
///
/// DP-SGD alone teaches the network a column's dependence on another only through noisy gradients;
/// the GAN under DP also gets released two-way tables to match, and so learns pairs better. This
/// gives the autoregressive model the same: the plan releases every eligible token column's counts
/// and (``PrivacyOptions/marginalPairs``) the two-way counts of pairs of them, and each noisy update
/// gets `weight` × the gradient of ``SampledMarginalLoss`` on rows drawn from the current network.
/// The rows are drawn with public randomness from a network that is itself DP output, and the
/// targets are released: the term is post-processing and spends nothing.
final class TokenMarginalMatching {
    let targets: [SampledMarginalLoss.Target]
    let weight: Float
    /// Rows drawn from the network for each estimate.
    let sampleRows: Int
    /// Enough rows that a 16 × 16 pair table's estimate is not mostly sampling noise, few enough
    /// to cost less than the DP step.
    static let defaultSampleRows = 512
    private var rng: SeededGenerator
    private let input = Matrix(rows: 0, columns: 0)
    private let gradient = Matrix(rows: 0, columns: 0)

    init(targets: [SampledMarginalLoss.Target], weight: Float, sampleRows: Int, rng: SeededGenerator) {
        self.targets = targets
        self.weight = weight
        self.sampleRows = sampleRows
        self.rng = rng
    }

    /// Runs `plan`'s marginal and pair releases on the rows' `tokens` (in plan order, appending each
    /// to `executed`) and returns them as targets: noisy counts clamped at zero and normalized.
    /// Two-way tables group a binned column's tokens into `pairBins` runs of adjacent bins (its
    /// missing token its own cell): 16 × 16 bins over a few thousand rows would be mostly noise.
    static func pairCells(of token: TokenColumn, pairBins: Int) -> [Int] {
        guard case .bins(_, let bins, let missing) = token.source, bins.count > pairBins else { return Array(0..<token.vocabularySize) }
        return (0..<bins.count).map { $0 * pairBins / bins.count } + (missing == nil ? [] : [pairBins])
    }

    /// Runs `plan`'s marginal and pair releases on the rows' `tokens` (in plan order, appending each
    /// to `executed`) and returns them as targets: noisy counts clamped at zero and normalized.
    /// Pairs count ``pairCells(of:pairBins:)`` cells.
    static func release(tokens: [Int32], tokenizer: TableTokenizer, plan: PrivateTrainingPlan, pairBins: Int,
                        noise: inout PrivacyNoiseGenerator, executed: inout [PlannedRelease]) throws -> [SampledMarginalLoss.Target] {
        let names = tokenizer.tokenColumns.map(\.name), sizes = tokenizer.vocabularySizes, k = names.count
        let coarse = tokenizer.tokenColumns.map { pairCells(of: $0, pairBins: pairBins) }
        func block(_ name: String) throws -> Int {
            guard let index = names.firstIndex(of: name) else {
                throw SynthesizerError.privacy("internal check failed: the plan releases the marginal of \(name), which is not a token column; nothing was released")
            }
            return index
        }
        let rows = k == 0 ? 0 : tokens.count / k
        var targets: [SampledMarginalLoss.Target] = []
        for release in plan.releases {
            switch release.subject {
            case .marginal(let name):
                let b = try block(name)
                var counts = [Int](repeating: 0, count: sizes[b])
                for r in 0..<rows { counts[Int(tokens[r * k + b])] += 1 }
                let released = try release.run(counts: counts, using: &noise)
                targets.append(.init(block: b, distribution: MarginalTargets.distribution(released.map(Double.init))))
            case .pair(let first, let second):
                let a = try block(first), b = try block(second)
                guard a < b else { throw SynthesizerError.privacy("internal check failed: the pair \(first) × \(second) is not in token order; nothing was released") }
                let width = coarse[b].max()! + 1
                var counts = [Int](repeating: 0, count: (coarse[a].max()! + 1) * width)
                for r in 0..<rows { counts[coarse[a][Int(tokens[r * k + a])] * width + coarse[b][Int(tokens[r * k + b])]] += 1 }
                let released = try release.run(counts: counts, using: &noise)
                targets.append(.init(block: b, given: a, distribution: MarginalTargets.distribution(released.map(Double.init)),
                                     cells: coarse[b], givenCells: coarse[a]))
            default:
                continue
            }
            executed.append(release)
        }
        return targets
    }

    /// Adds `weight` × ∂(Σ KL(target ‖ network's marginal))/∂parameters into `network`'s gradients,
    /// estimated on ``sampleRows`` rows drawn from it.
    func addGradient(to network: MaskedAutoregressiveNetwork) {
        guard weight > 0, !targets.isEmpty else { return }
        let tokens = TokenSampler(network: network).sample(rows: sampleRows, rng: &rng)
        let k = network.blockSizes.count
        input.resize(rows: sampleRows, columns: network.width)
        input.fill(0)
        for r in 0..<sampleRows {
            for c in 0..<k { input[r, network.blockOffsets[c] + Int(tokens[r * k + c])] = 1 }
        }
        let logits = network.forward(input)
        gradient.resize(like: logits)
        gradient.fill(0)
        SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: network.blockSizes.indices.map { network.range(ofBlock: $0) },
                                 targets: targets, accumulatingGradientInto: gradient, gradientScale: weight)
        network.backward(gradient)
    }
}
