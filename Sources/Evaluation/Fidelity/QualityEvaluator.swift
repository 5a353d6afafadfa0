/// Computes ``QualityScores`` from aligned columns (see ``QualityScores`` for the definitions).
struct QualityEvaluator {
    let columns: [AlignedColumn]

    func scores() -> QualityScores {
        let shapes = columns.map(shapeScore)
        var pairs: [ColumnPairScore] = []
        for i in columns.indices {
            for j in (i + 1)..<columns.count { pairs.append(pairScore(columns[i], columns[j])) }
        }
        return QualityScores(columns: shapes, pairs: pairs)
    }

    private func shapeScore(_ column: AlignedColumn) -> ColumnShapeScore {
        switch column.values {
        case let .continuous(real, synthetic):
            let ks = DistributionStatistics.kolmogorovSmirnov(real, synthetic)
            return ColumnShapeScore(column: column.name, metric: "KSComplement", score: ks.map { 1 - $0 })
        case let .discrete(pair):
            return ColumnShapeScore(column: column.name, metric: "TVComplement", score: Self.tvComplement(pair))
        case let .multilabel(labels, perLabel):
            let scores = perLabel.map(Self.tvComplement)
            return ColumnShapeScore(
                column: column.name, metric: "TVComplement", score: QualityScores.mean(scores.compactMap { $0 }),
                labels: zip(labels, scores).map { LabelScore(label: $0, score: $1) })
        }
    }

    static func tvComplement(_ pair: DiscretePair) -> Double? {
        DistributionStatistics.totalVariation(pair.counts(synthetic: false), pair.counts(synthetic: true)).map { 1 - $0 }
    }

    private func pairScore(_ a: AlignedColumn, _ b: AlignedColumn) -> ColumnPairScore {
        let names = [a.name, b.name]
        if case let .continuous(ra, sa) = a.values, case let .continuous(rb, sb) = b.values {
            let rho = DistributionStatistics.pearson(ra, rb), sigma = DistributionStatistics.pearson(sa, sb)
            var score: Double?
            if let rho, let sigma { score = 1 - abs(rho - sigma) / 2 }
            return ColumnPairScore(
                columns: names, metric: "CorrelationSimilarity", score: score, realAssociation: rho, syntheticAssociation: sigma)
        }
        // A multilabel column enters as each of its label indicators; the pair scores their mean.
        var scores: [Double] = [], realV: [Double] = [], syntheticV: [Double] = []
        for (realA, synA) in Self.codeSides(a) {
            for (realB, synB) in Self.codeSides(b) {
                let real = PairCodes.jointCounts(realA, realB), synthetic = PairCodes.jointCounts(synA, synB)
                // Each joint table is normalized by its own row count (missing cells are counted as a value).
                if let tvd = DistributionStatistics.totalVariation(real, synthetic) { scores.append(1 - tvd) }
                if let v = DistributionStatistics.cramersV(real, rows: realA.levelCount, columns: realB.levelCount) { realV.append(v) }
                if let v = DistributionStatistics.cramersV(synthetic, rows: synA.levelCount, columns: synB.levelCount) { syntheticV.append(v) }
            }
        }
        return ColumnPairScore(
            columns: names, metric: "ContingencySimilarity", score: QualityScores.mean(scores),
            realAssociation: QualityScores.mean(realV), syntheticAssociation: QualityScores.mean(syntheticV))
    }

    /// The (real, synthetic) code columns a column contributes to a contingency comparison.
    private static func codeSides(_ column: AlignedColumn) -> [(PairCodes, PairCodes)] {
        switch column.values {
        case let .continuous(real, synthetic):
            return [(PairCodes(continuousOwnBins: real), PairCodes(continuousOwnBins: synthetic))]
        case let .discrete(pair):
            return [discreteSides(pair)]
        case let .multilabel(_, perLabel):
            return perLabel.map(discreteSides)
        }
    }

    private static func discreteSides(_ pair: DiscretePair) -> (PairCodes, PairCodes) {
        (PairCodes(discrete: pair.real, levels: pair.levels.count), PairCodes(discrete: pair.synthetic, levels: pair.levels.count))
    }
}
