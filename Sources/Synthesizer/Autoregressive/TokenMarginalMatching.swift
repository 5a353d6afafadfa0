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
    /// The rows are drawn, and the marginals taken, within this support.
    let support: TokenSupport
    let weight: Float
    /// Rows drawn from the network for each estimate.
    let sampleRows: Int
    /// Enough rows that a 16 × 16 pair table's estimate is not mostly sampling noise, few enough
    /// to cost less than the DP step.
    static let defaultSampleRows = 512
    private var rng: SeededGenerator
    private let input = Matrix(rows: 0, columns: 0)
    private let gradient = Matrix(rows: 0, columns: 0)

    init(targets: [SampledMarginalLoss.Target], support: TokenSupport, weight: Float, sampleRows: Int, rng: SeededGenerator) {
        self.targets = targets
        self.support = support
        self.weight = weight
        self.sampleRows = sampleRows
        self.rng = rng
    }

    /// The cell of each of `token`'s tokens in a two-way table: a binned column's tokens grouped
    /// into `pairBins` runs of adjacent bins (its missing token its own cell), since 16 × 16 bins
    /// over a few thousand rows would be mostly noise; any other column's tokens are their own cells.
    static func pairCells(of token: TokenColumn, pairBins: Int) -> [Int] {
        guard case .bins(_, let bins, let missing) = token.source, bins.count > pairBins else { return Array(0..<token.vocabularySize) }
        return (0..<bins.count).map { $0 * pairBins / bins.count } + (missing == nil ? [] : [pairBins])
    }

    /// Runs `plan`'s marginal and pair releases on the rows' `tokens` (in plan order, appending each
    /// to `executed`) and returns them as targets — noisy counts clamped at zero and normalized,
    /// pairs over ``pairCells(of:pairBins:)`` cells — with the ``TokenSupport`` the binned columns'
    /// one-way counts imply (`plan.singleOutThreshold`); target cells outside the support are zeroed.
    static func release(tokens: [Int32], tokenizer: TableTokenizer, plan: PrivateTrainingPlan, pairBins: Int,
                        noise: inout PrivacyNoiseGenerator, executed: inout [PlannedRelease])
        throws -> (targets: [SampledMarginalLoss.Target], support: TokenSupport) {
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
        var releasedCounts = [[Double]?](repeating: nil, count: k)
        var allowed = sizes.map { [Bool](repeating: true, count: $0) }
        /// Zero where no allowed token falls in the cell, then normalized.
        func distribution(_ counts: [Double], keeping keep: (Int) -> Bool) -> [Float] {
            MarginalTargets.distribution(counts.indices.map { keep($0) ? counts[$0] : 0 })
        }
        func allowedCells(_ cells: [Int], of b: Int) -> Set<Int> { Set(cells.indices.filter { allowed[b][$0] }.map { cells[$0] }) }
        for release in plan.releases {
            switch release.subject {
            case .marginal(let name):
                let b = try block(name)
                var counts = [Int](repeating: 0, count: sizes[b])
                for r in 0..<rows { counts[Int(tokens[r * k + b])] += 1 }
                let released = try release.run(counts: counts, using: &noise).map(Double.init)
                if case .bins(_, let bins, _) = tokenizer.tokenColumns[b].source {
                    releasedCounts[b] = Array(released.prefix(bins.count))
                    allowed[b] = TokenSupport(releasedBinCounts: [releasedCounts[b]], threshold: plan.singleOutThreshold)
                        .allowed(vocabularySizes: [sizes[b]])[0]
                }
                targets.append(.init(block: b, distribution: distribution(released) { allowed[b][$0] }))
            case .pair(let first, let second):
                let a = try block(first), b = try block(second)
                guard a < b else { throw SynthesizerError.privacy("internal check failed: the pair \(first) × \(second) is not in token order; nothing was released") }
                let width = coarse[b].max()! + 1
                var counts = [Int](repeating: 0, count: (coarse[a].max()! + 1) * width)
                for r in 0..<rows { counts[coarse[a][Int(tokens[r * k + a])] * width + coarse[b][Int(tokens[r * k + b])]] += 1 }
                let released = try release.run(counts: counts, using: &noise).map(Double.init)
                let keepFirst = allowedCells(coarse[a], of: a), keepSecond = allowedCells(coarse[b], of: b)
                targets.append(.init(block: b, given: a,
                                     distribution: distribution(released) { keepFirst.contains($0 / width) && keepSecond.contains($0 % width) },
                                     cells: coarse[b], givenCells: coarse[a]))
            default:
                continue
            }
            executed.append(release)
        }
        return (targets, TokenSupport(releasedBinCounts: releasedCounts, threshold: plan.singleOutThreshold))
    }

    /// Adds `weight` × ∂(Σ KL(target ‖ network's marginal))/∂parameters into `network`'s gradients,
    /// estimated on ``sampleRows`` rows drawn from it.
    func addGradient(to network: MaskedAutoregressiveNetwork) {
        guard weight > 0, !targets.isEmpty else { return }
        let tokens = TokenSampler(network: network, support: support).sample(rows: sampleRows, rng: &rng)
        let k = network.blockSizes.count
        input.resize(rows: sampleRows, columns: network.width)
        input.fill(0)
        for r in 0..<sampleRows {
            for c in 0..<k { input[r, network.blockOffsets[c] + Int(tokens[r * k + c])] = 1 }
        }
        let logits = network.forward(input)
        // The marginals of what generation draws: no probability on excluded tokens (and no gradient).
        for (c, tokens) in support.excluded.enumerated() where !tokens.isEmpty {
            let offset = network.blockOffsets[c]
            for r in 0..<sampleRows { for t in tokens { logits[r, offset + t] = -.greatestFiniteMagnitude / 4 } }
        }
        gradient.resize(like: logits)
        gradient.fill(0)
        SampledMarginalLoss.loss(logits: logits, tokens: tokens, blocks: network.blockSizes.indices.map { network.range(ofBlock: $0) },
                                 targets: targets, accumulatingGradientInto: gradient, gradientScale: weight)
        network.backward(gradient)
    }
}
