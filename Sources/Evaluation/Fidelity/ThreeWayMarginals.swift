import ProfileGANRandom

/// The mean total variation distance between real and synthetic 3-way marginals.
///
/// Pairwise scores can look good on data generated column by column; joint structure across three
/// columns is harder to fake. Every discrete column, every multilabel label indicator and every continuous
/// column (ten equal-width bins over the *real* column's range, applied to both tables; missing is its own
/// bin) takes part. With more than `maxTriples` triples, a seeded uniform sample of that many distinct
/// triples is scored, and the result says so.
public struct ThreeWayMarginals: Sendable, Codable, Equatable {
    /// Mean TVD over the scored triples, 0…1, lower is better; `nil` with fewer than three columns.
    public var meanTVD: Double?
    /// How many triples were scored.
    public var triplesScored: Int
    /// How many triples exist.
    public var triplesTotal: Int

    private enum CodingKeys: String, CodingKey {
        case meanTVD = "mean_tvd", triplesScored = "triples_scored", triplesTotal = "triples_total"
    }
}

extension ThreeWayMarginals {
    static func compute(_ columns: [AlignedColumn], maxTriples: Int, seed: UInt64) -> ThreeWayMarginals {
        var parts: [(real: PairCodes, synthetic: PairCodes)] = []
        for column in columns {
            switch column.values {
            case let .continuous(real, synthetic):
                let bins = EqualWidthBins(values: real)
                parts.append((PairCodes(continuous: real, bins: bins), PairCodes(continuous: synthetic, bins: bins)))
            case let .discrete(pair):
                parts.append((PairCodes(discrete: pair.real, levels: pair.levels.count), PairCodes(discrete: pair.synthetic, levels: pair.levels.count)))
            case let .multilabel(_, perLabel):
                for pair in perLabel {
                    parts.append((PairCodes(discrete: pair.real, levels: 2), PairCodes(discrete: pair.synthetic, levels: 2)))
                }
            }
        }
        let m = parts.count
        guard m >= 3 else { return ThreeWayMarginals(meanTVD: nil, triplesScored: 0, triplesTotal: 0) }
        let total = m * (m - 1) * (m - 2) / 6
        let triples = total <= maxTriples ? allTriples(m) : sampledTriples(m, count: maxTriples, seed: seed)
        var sum = 0.0
        for (i, j, k) in triples {
            let real = jointCounts(parts[i].real, parts[j].real, parts[k].real)
            let synthetic = jointCounts(parts[i].synthetic, parts[j].synthetic, parts[k].synthetic)
            sum += DistributionStatistics.totalVariation(real, synthetic) ?? 0
        }
        return ThreeWayMarginals(meanTVD: sum / Double(triples.count), triplesScored: triples.count, triplesTotal: total)
    }

    private static func allTriples(_ m: Int) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        for i in 0..<m { for j in (i + 1)..<m { for k in (j + 1)..<m { out.append((i, j, k)) } } }
        return out
    }

    private static func sampledTriples(_ m: Int, count: Int, seed: UInt64) -> [(Int, Int, Int)] {
        var generator = SeededGenerator(seed: seed, stream: 3)
        var seen = Set<Int>(), out: [(Int, Int, Int)] = []
        while out.count < count {
            var t = [generator.nextIndex(below: m), generator.nextIndex(below: m), generator.nextIndex(below: m)]
            t.sort()
            guard t[0] < t[1], t[1] < t[2], seen.insert((t[0] * m + t[1]) * m + t[2]).inserted else { continue }
            out.append((t[0], t[1], t[2]))
        }
        return out
    }

    /// Joint counts of three code columns; a dictionary keeps wide combinations cheap.
    private static func jointCounts(_ a: PairCodes, _ b: PairCodes, _ c: PairCodes) -> [Double] {
        let cells = a.levelCount * b.levelCount * c.levelCount
        var table = [Double](repeating: 0, count: cells)
        for row in a.codes.indices {
            table[(Int(a.codes[row]) * b.levelCount + Int(b.codes[row])) * c.levelCount + Int(c.codes[row])] += 1
        }
        return table
    }
}
