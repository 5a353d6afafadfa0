/// For a `fixed_combinations` constraint whose child column has a rare bucket: per parent
/// category, its allowed children split into the singled-out ones (their own one-hot entry) and
/// the rare ones, each with cumulative weights. A decoded `(rare)` child is drawn among the rare
/// children allowed with its already decoded parent, so it is consistent by construction
/// (``DataTransformer/decodeReportingConstraints(_:rows:firstID:freshSeed:)``); a singled-out child
/// that disagrees with its parent is repaired among the parent's singled-out children. Either way
/// the network's choice between a frequent and a rare child is kept — redrawing it among all the
/// parent's children would add the parent's rare share a second time on top of the `(rare)` rows.
///
/// The weights are the constraint's own (``CombinationLaw/children``): training pair counts
/// without DP, released noisy child counts or uniform under DP, so reading them is no further
/// use of private data. Built once per transformer (O(allowed pairs)); a draw is a binary search.
struct ChildBuckets: Sendable, Equatable {
    /// Per parent category: its allowed rare children with positive weight (nil: none).
    let rare: [RareCategories?]
    /// Per parent category: its allowed singled-out children with positive weight (nil: none).
    let singledOut: [RareCategories?]
    /// Per child category: whether it is in the rare bucket.
    private let isRare: [Bool]

    /// Nil when `childTransform` has no rare bucket (every child is its own one-hot entry).
    init?(law: CombinationLaw, childTransform: DiscreteTransform) {
        guard let bucket = childTransform.rare else { return nil }
        var isRare = [Bool](repeating: false, count: childTransform.categories.count)
        for member in bucket.members where member >= 0 && Int(member) < isRare.count { isRare[Int(member)] = true }
        func split(_ allowed: RareCategories, rare: Bool) -> RareCategories? {
            var members: [Int32] = [], weights: [Double] = []
            for (member, share) in zip(allowed.members, allowed.shares)
            where share > 0 && member >= 0 && Int(member) < isRare.count && isRare[Int(member)] == rare {
                members.append(member)
                weights.append(share)
            }
            return members.isEmpty ? nil : RareCategories(members: members, weights: weights)
        }
        self.rare = law.children.map { split($0, rare: true) }
        singledOut = law.children.map { split($0, rare: false) }
        self.isRare = isRare
    }

    /// The law a `(rare)` child of a row whose parent code is `parent` is drawn by, if any.
    func rareLaw(forParent parent: Int32) -> RareCategories? {
        parent >= 0 && Int(parent) < rare.count ? rare[Int(parent)] : nil
    }

    /// The law a child `child` that is not allowed with `parent` is redrawn by: the parent's
    /// children in the same bucket as `child` (rare or singled out), if it has any.
    func repairLaw(forParent parent: Int32, replacing child: Int32) -> RareCategories? {
        guard parent >= 0, Int(parent) < rare.count, child >= 0, Int(child) < isRare.count else { return nil }
        return isRare[Int(child)] ? rare[Int(parent)] : singledOut[Int(parent)]
    }
}
