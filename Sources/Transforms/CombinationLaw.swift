import ProfileGANSchema

/// A fitted `fixed_combinations` constraint: for each category of the parent column, the child
/// categories seen with it in training and their counts (as a ``RareCategories`` law).
///
/// Read from the private rows (like a data-derived vocabulary), so only fits from data build it.
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
    /// transformer's category lists, which the table's codes are mapped onto by name.
    static func fit(_ table: Table, parent: Int, child: Int, parentCategories: [String], childCategories: [String]) -> CombinationLaw {
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
        return CombinationLaw(parent: parent, child: child, children: counts.map { law in
            RareCategories(counts: law.keys.sorted().map { ($0, law[$0]!) })
        })
    }

    /// Replaces every child code that never occurred with its row's parent by a draw among the
    /// parent's children; returns how many rows were changed. `uniform(row)` gives the draw.
    func repair(parentCodes: [Int32], childCodes: inout [Int32], uniform: (Int) -> Double) -> Int {
        var repaired = 0
        for row in childCodes.indices {
            let p = parentCodes[row], c = childCodes[row]
            guard p >= 0, c >= 0, Int(p) < allowed.count, !allowed[Int(p)].contains(c),
                  let drawn = children[Int(p)].draw(uniform(row)) else { continue }
            childCodes[row] = drawn
            repaired += 1
        }
        return repaired
    }
}
