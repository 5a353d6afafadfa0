/// A column reduced to small integer codes for a joint (contingency) count: discrete levels with
/// missing as one more level, or a continuous column's bin indices.
struct PairCodes: Sendable {
    let codes: [Int32]
    /// Codes are in `0..<levelCount`.
    let levelCount: Int

    /// A discrete side; a missing cell becomes its own level, as pandas' `groupby(dropna=False)` keeps it.
    init(discrete codes: [Int32], levels: Int) {
        self.codes = codes.map { $0 < 0 ? Int32(levels) : $0 }
        levelCount = levels + 1
    }

    /// A continuous side binned with `bins`.
    init(continuous values: [Double], bins: EqualWidthBins) {
        codes = values.map { Int32(bins.bin(of: $0)) }
        levelCount = bins.binIndexCount
    }

    /// A continuous side binned SDMetrics' way: with edges from these values themselves.
    init(continuousOwnBins values: [Double]) {
        self.init(continuous: values, bins: EqualWidthBins(values: values))
    }

    /// Joint counts of two code columns of equal length, `table[a * b.levelCount + b]`.
    static func jointCounts(_ a: PairCodes, _ b: PairCodes) -> [Double] {
        var table = [Double](repeating: 0, count: a.levelCount * b.levelCount)
        for row in a.codes.indices { table[Int(a.codes[row]) * b.levelCount + Int(b.codes[row])] += 1 }
        return table
    }
}
