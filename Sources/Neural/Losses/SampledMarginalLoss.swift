/// How far the one-way and two-way marginals of a ``MaskedAutoregressiveNetwork``'s joint law are
/// from target distributions, estimated on rows drawn from the network itself.
///
/// The network gives each drawn row r its conditionals pᵦ(· | r) = softmax(logits of block b, given
/// the row's earlier tokens). Averaged over rows drawn from the network they estimate its marginals
/// without bias:
/// - one-way, block b: mᵦ = meanᵣ pᵦ(· | r);
/// - two-way, blocks a before b: mₐᵦ(x, y) = meanᵣ 1[tₐ(r) = x]·pᵦ(y | r), the drawn token of the
///   earlier block times the later block's conditional — which is what carries the dependence of b on a.
/// The loss is Σ KL(target ‖ m) (as ``BatchMarginalLoss``), differentiated through the conditionals
/// only: the drawn tokens are constants. A network trained with it is pulled, block by block, towards
/// conditionals whose marginals match the targets; with released marginals as targets (noisy counts
/// under differential privacy) that is post-processing of the release.
public enum SampledMarginalLoss {
    /// A target: the marginal of `block`, or (with `given`, an earlier block) the joint of the two,
    /// row-major `given` × `block`. Non-negative, summing to 1. Cells may group tokens: token t of
    /// `block` falls in cell `cells[t]` (nil: cell t), and likewise `givenCells` for the given
    /// block — a coarse two-way table of two many-token columns has far fewer cells for the same
    /// noise.
    public struct Target: Sendable, Equatable {
        public let block: Int
        public let given: Int?
        public let distribution: [Float]
        public let cells: [Int]?
        public let givenCells: [Int]?

        public init(block: Int, given: Int? = nil, distribution: [Float], cells: [Int]? = nil, givenCells: [Int]? = nil) {
            precondition(given.map { $0 < block } ?? true, "the given block comes before the predicted one")
            self.block = block
            self.given = given
            self.distribution = distribution
            self.cells = cells
            self.givenCells = givenCells
        }
    }

    /// Σ over `targets` of KL(target ‖ the rows' marginal), for `logits` (one row per drawn row) and
    /// the rows' `tokens` (row-major, `blocks.count` a row; token t of block b is column
    /// `blocks[b].lowerBound + t` of the one-hot input). Adds `gradientScale` × its gradient with
    /// respect to `logits` into `gradient` when given.
    @discardableResult
    public static func loss(logits: Matrix, tokens: [Int32], blocks: [Range<Int>], targets: [Target],
                            accumulatingGradientInto gradient: Matrix? = nil, gradientScale: Float = 1) -> Float {
        let rows = logits.rows, k = blocks.count
        precondition(tokens.count == rows * k, "one token per row and block")
        guard rows > 0 else { return 0 }
        let weight = 1 / Float(rows)
        // Each predicted block's row distributions once, however many targets read them.
        var distributions: [Int: [Float]] = [:]
        var rowGradients: [Int: [Float]] = [:]
        for target in targets where distributions[target.block] == nil {
            distributions[target.block] = MarginalCells.softmax(columns: blocks[target.block]).rowDistributions(of: logits)
            rowGradients[target.block] = [Float](repeating: 0, count: rows * blocks[target.block].count)
        }
        var total: Float = 0
        for target in targets {
            let b = target.block, width = blocks[b].count
            let d = distributions[b]!
            let cell = target.cells ?? Array(0..<width)
            let secondCells = (cell.max() ?? 0) + 1
            precondition(cell.count == width, "one cell per token of the predicted block")
            // The first axis: the drawn token's cell of the given block, or a single cell.
            let givenCell = target.given.map { target.givenCells ?? Array(0..<blocks[$0].count) }
            let firstCells = givenCell.map { ($0.max() ?? 0) + 1 } ?? 1
            precondition(target.distribution.count == firstCells * secondCells, "one target probability per cell")
            func offset(_ r: Int) -> Int { target.given.map { givenCell![Int(tokens[r * k + $0])] * secondCells } ?? 0 }
            var marginal = [Float](repeating: 0, count: firstCells * secondCells)
            for r in 0..<rows {
                let o = offset(r)
                for y in 0..<width { marginal[o + cell[y]] += weight * d[r * width + y] }
            }
            let (loss, g) = BatchMarginalLoss.divergence(target: target.distribution, marginal: marginal)
            total += loss
            guard gradient != nil else { continue }
            rowGradients[b]!.withUnsafeMutableBufferPointer { gb in
                for r in 0..<rows {
                    let o = offset(r)
                    for y in 0..<width { gb[r * width + y] += weight * g[o + cell[y]] }
                }
            }
        }
        if let gradient {
            for (b, d) in distributions.sorted(by: { $0.key < $1.key }) {
                MarginalCells.softmax(columns: blocks[b]).backward(output: logits, distributions: d, rowGradient: rowGradients[b]!,
                                                                     scale: gradientScale, into: gradient)
            }
        }
        return total
    }
}
