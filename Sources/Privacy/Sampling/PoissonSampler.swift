import ProfileGANRandom

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws Poisson samples of row indices: every row joins independently with probability q.
///
/// This is the sampling the DP-SGD accountants assume; shuffled fixed-size batches are not covered
/// by them. The batch size is random (Binomial(n, q)), including possibly empty. Rows are skipped
/// geometrically — the gap to the next chosen row is Geometric(q) — so a sample costs O(q·n), not
/// O(n) random draws.
public struct PoissonSampler: Sendable {
    /// Number of rows to sample from.
    public let rowCount: Int
    /// q: probability with which each row is included, in (0, 1].
    public let samplingRate: Double
    private let logOneMinusQ: Double

    public init(rowCount: Int, samplingRate: Double) throws {
        guard rowCount >= 0 else { throw PrivacyParameterError.invalid("row count must be non-negative, got \(rowCount)") }
        guard samplingRate > 0, samplingRate <= 1 else {
            throw PrivacyParameterError.invalid("sampling rate must be in (0, 1], got \(samplingRate)")
        }
        self.rowCount = rowCount
        self.samplingRate = samplingRate
        logOneMinusQ = log1p(-samplingRate)
    }

    /// Sampling rate for an expected batch size: q = batchSize / rowCount (capped at 1).
    public init(rowCount: Int, expectedBatchSize: Int) throws {
        guard rowCount > 0, expectedBatchSize > 0 else {
            throw PrivacyParameterError.invalid("row count and batch size must be positive")
        }
        try self.init(rowCount: rowCount, samplingRate: min(1, Double(expectedBatchSize) / Double(rowCount)))
    }

    /// Expected batch size q·n (what DP-SGD divides the noisy gradient sum by).
    public var expectedBatchSize: Double { samplingRate * Double(rowCount) }

    /// One Poisson sample: the chosen row indices in increasing order.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Int] {
        if samplingRate == 1 { return Array(0..<rowCount) }
        var chosen: [Int] = []
        chosen.reserveCapacity(Int(expectedBatchSize * 1.2) + 16)
        var index = -1
        while true {
            // Gap ~ Geometric(q) on {1, 2, …}: P(gap > k) = (1 − q)^k.
            let gap = (log(generator.nextOpenUnitDouble()) / logOneMinusQ).rounded(.down) + 1
            guard gap < Double(rowCount - index) else { break }
            index += Int(gap)
            chosen.append(index)
        }
        return chosen
    }
}
