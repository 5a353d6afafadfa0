/// The categories of a many-valued categorical column that share one "rare" one-hot entry, with
/// the frequencies a decoded "rare" cell is drawn by (see ``DiscreteTransform``).
///
/// Without DP the frequencies are the exact training counts — a fact about the private rows, like
/// a vocabulary read from the data. Under DP they are released noisy counts (clipped at 0), or
/// uniform when nothing was released: post-processing of a charged release, or no data at all.
public struct RareCategories: Sendable, Equatable, Codable {
    /// Indices into the column's categories of the members, in category order.
    public let members: [Int32]
    /// Cumulative shares of the members (ascending; the last is 1).
    public let cumulative: [Double]

    /// Members with their (positive) counts; categories never seen are left out, so never drawn.
    public init(counts: [(category: Int32, count: Int)]) {
        let seen = counts.filter { $0.count > 0 }
        let total = Double(seen.reduce(0) { $0 + $1.count })
        members = seen.map(\.category)
        var running = 0.0
        cumulative = seen.map { running += Double($0.count) / total; return running }
    }

    /// Every member kept (allowed) with its weight; members of weight 0 are never drawn. Negative
    /// or non-finite weights count as 0; when no weight is positive, every member is equally likely.
    public init(members: [Int32], weights: [Double]) {
        precondition(members.count == weights.count, "one weight per member")
        let clipped = weights.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = clipped.reduce(0, +)
        let shares = total > 0 ? clipped.map { $0 / total } : clipped.map { _ in 1 / Double(max(members.count, 1)) }
        self.members = members
        var running = 0.0
        cumulative = shares.map { running += $0; return running }
    }

    /// Each member's share (the differences of ``cumulative``), in member order.
    var shares: [Double] {
        cumulative.indices.map { cumulative[$0] - ($0 == 0 ? 0 : cumulative[$0 - 1]) }
    }

    /// The member whose cumulative share first exceeds `u` ∈ [0, 1); `nil` when there is none.
    func draw(_ u: Double) -> Int32? {
        guard !members.isEmpty else { return nil }
        var low = 0, high = members.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > u { high = mid } else { low = mid + 1 }
        }
        return members[low]
    }
}
