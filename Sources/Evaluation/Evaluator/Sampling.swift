import ProfileGANRandom

/// Seeded sampling of row indices without replacement.
enum Sampling {
    /// `count` distinct indices from `0..<population` in random order (a partial Fisher–Yates shuffle);
    /// all of them, shuffled, when `count >= population`.
    static func indices(count: Int, from population: Int, using generator: inout SeededGenerator) -> [Int] {
        var all = Array(0..<population)
        let k = min(count, population)
        for i in 0..<k { all.swapAt(i, i + generator.nextIndex(below: population - i)) }
        return Array(all[0..<k])
    }
}
