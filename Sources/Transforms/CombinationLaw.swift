import ProfileGANSchema

/// A fitted `fixed_combinations` constraint: for each category of the parent column, the allowed
/// child categories and the weights a repaired child is drawn by (as a ``RareCategories`` law).
///
/// The allowed pairs are the schema's public `pairs` when it has them, else the pairs seen in
/// training (read from the private rows, so only fits from data do that). The weights are training
/// counts without DP, and under DP the child's released noisy category counts (post-processing)
/// or uniform (``publicPairs(_:parent:child:parentCategories:childCategories:childWeights:)``).
public struct CombinationLaw: Sendable, Equatable, Codable {
    /// Column indices in the schema.
    public let parent: Int
    public let child: Int
    /// Per parent category (in the parent's category order): the allowed children and their counts.
    public let children: [RareCategories]
    /// Per parent category, the allowed child categories as a set (not stored: derived).
    private let allowed: [Set<Int32>]

    public init(parent: Int, child: Int, children: [RareCategories]) {
        self.parent = parent
        self.child = child
        self.children = children
        allowed = children.map { Set($0.members) }
    }

    private enum CodingKeys: String, CodingKey { case parent, child, children }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(parent: try c.decode(Int.self, forKey: .parent), child: try c.decode(Int.self, forKey: .child),
                  children: try c.decode([RareCategories].self, forKey: .children))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parent, forKey: .parent)
        try c.encode(child, forKey: .child)
        try c.encode(children, forKey: .children)
    }

    public static func == (a: CombinationLaw, b: CombinationLaw) -> Bool {
        a.parent == b.parent && a.child == b.child && a.children == b.children
    }

    /// Counts the (parent, child) pairs of a table; `parentCategories`/`childCategories` are the
    /// transformer's category lists, which the table's codes are mapped onto by name. With public
    /// `pairs`, those are the allowed pairs (weighted by the counts; unseen ones kept, weight 0).
    static func fit(_ table: Table, parent: Int, child: Int, parentCategories: [String], childCategories: [String],
                    pairs: [CategoryPair]? = nil) -> CombinationLaw {
        guard case .categorical(let parentCodes, let parentSeen) = table.columns[parent],
              case .categorical(let childCodes, let childSeen) = table.columns[child] else {
            return CombinationLaw(parent: parent, child: child, children: [])
        }
        let parentIndex = Dictionary(parentCategories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let childIndex = Dictionary(childCategories.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let parentMap = parentSeen.map { parentIndex[$0] ?? -1 }, childMap = childSeen.map { childIndex[$0] ?? -1 }
        var counts = [[Int32: Int]](repeating: [:], count: parentCategories.count)
        for (p, c) in zip(parentCodes, childCodes) where p >= 0 && c >= 0 {
            let pi = parentMap[Int(p)], ci = childMap[Int(c)]
            if pi >= 0 && ci >= 0 { counts[pi][ci, default: 0] += 1 }
        }
        guard let pairs else {
            return CombinationLaw(parent: parent, child: child, children: counts.map { law in
                RareCategories(counts: law.keys.sorted().map { ($0, law[$0]!) })
            })
        }
        return publicPairs(pairs, parent: parent, child: child, parentCategories: parentCategories, childCategories: childCategories) { p, c in
            Double(counts[p][c] ?? 0)
        }
    }

    /// The law of public `pairs` without reading a row: a repaired child is drawn among its
    /// parent's allowed children by `childWeights` (one per child category, e.g. released noisy
    /// counts; negative ones count as 0), uniformly when nil or when none of them is positive.
    public static func publicPairs(_ pairs: [CategoryPair], parent: Int, child: Int, parentCategories: [String],
                                   childCategories: [String], childWeights: [Double]?) -> CombinationLaw {
        publicPairs(pairs, parent: parent, child: child, parentCategories: parentCategories, childCategories: childCategories) { _, c in
            childWeights.map { $0[Int(c)] } ?? 1
        }
    }

    private static func publicPairs(_ pairs: [CategoryPair], parent: Int, child: Int, parentCategories: [String],
                                    childCategories: [String], weight: (Int, Int32) -> Double) -> CombinationLaw {
        let parentIndex = Dictionary(parentCategories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let childIndex = Dictionary(childCategories.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var allowed = [Set<Int32>](repeating: [], count: parentCategories.count)
        for pair in pairs {
            if let p = parentIndex[pair.parent], let c = childIndex[pair.child] { allowed[p].insert(c) }
        }
        return CombinationLaw(parent: parent, child: child, children: allowed.enumerated().map { p, children in
            let members = children.sorted()
            return RareCategories(members: members, weights: members.map { weight(p, $0) })
        })
    }

    /// Replaces every child code that never occurred with its row's parent by a draw among the
    /// parent's children — those in the child's own bucket when `buckets` has any (see
    /// ``ChildBuckets``); returns how many rows were changed. `uniform(row)` gives the draw.
    func repair(parentCodes: [Int32], childCodes: inout [Int32], buckets: ChildBuckets? = nil, uniform: (Int) -> Double) -> Int {
        var repaired = 0
        for row in childCodes.indices {
            let p = parentCodes[row], c = childCodes[row]
            guard p >= 0, c >= 0, Int(p) < allowed.count, !allowed[Int(p)].contains(c),
                  let drawn = (buckets?.repairLaw(forParent: p, replacing: c) ?? children[Int(p)]).draw(uniform(row)) else { continue }
            childCodes[row] = drawn
            repaired += 1
        }
        return repaired
    }
}
