/// The tokens an autoregressive model may generate: per token column, the tokens it never draws.
///
/// A DP fit tokenizes continuous columns into equal-width bins between the schema's bounds, which
/// are often far wider than the data (an hourly wage bounded by [0, 100] whose rows stop at 50).
/// DP-SGD's noise leaves mass in the empty bins, and a few percent of synthetic values land far
/// outside anything real — which wrecks every pair score that bins a column by its own range.
/// The released one-way token counts say which bins are empty: a bin whose noisy count is below
/// the single-out threshold (the same 3σ that decides a category's rare bucket) is left out of
/// the support. Reading released counts is post-processing and spends nothing. Only bins are
/// excluded, never a category or a missing-value token: the schema lists categories because they
/// exist, and a rare real one left out would be missing from every synthetic table (bfi's rarely
/// given answers: quality fell 0.014 when they were). Every binned column keeps its most counted bin.
public struct TokenSupport: Sendable, Equatable, Codable {
    /// Per token column, in order, the excluded tokens (ascending; empty: all allowed).
    public let excluded: [[Int]]

    /// No token excluded from any of `columns` token columns.
    public static func full(columns: Int) -> TokenSupport { TokenSupport(excluded: Array(repeating: [], count: columns)) }

    public init(excluded: [[Int]]) { self.excluded = excluded }

    /// The support that released bin counts imply (per token column, its bins' noisy counts, or
    /// `nil` for a column that is not binned or was not released): bins counted below `threshold`
    /// are excluded, except each column's most counted bin; every other token is kept.
    public init(releasedBinCounts: [[Double]?], threshold: Double) {
        excluded = releasedBinCounts.map { counts in
            guard let counts, let top = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return [] }
            return counts.indices.filter { $0 != top && counts[$0] < threshold }
        }
    }

    /// Whether any token is excluded.
    public var isFull: Bool { excluded.allSatisfy(\.isEmpty) }

    /// Per column, whether each of its `vocabularySizes` tokens may be drawn.
    func allowed(vocabularySizes: [Int]) -> [[Bool]] {
        vocabularySizes.indices.map { c in
            var allowed = [Bool](repeating: true, count: vocabularySizes[c])
            for t in c < excluded.count ? excluded[c] : [] where t < allowed.count { allowed[t] = false }
            return allowed
        }
    }

    /// Checks that the support fits a tokenizer with these vocabularies and leaves each column a token.
    func check(vocabularySizes: [Int]) -> String? {
        guard excluded.count == vocabularySizes.count else {
            return "the token support has \(excluded.count) columns, the tokenizer \(vocabularySizes.count)"
        }
        for (c, tokens) in excluded.enumerated() {
            guard tokens.allSatisfy({ (0..<vocabularySizes[c]).contains($0) }), Set(tokens).count < vocabularySizes[c] else {
                return "the token support of column \(c) excludes tokens it does not have, or all of them"
            }
        }
        return nil
    }
}
