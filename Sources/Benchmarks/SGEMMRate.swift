import COpenBLAS
import ProfileGANNeural
import ProfileGANRandom

/// The machine's `cblas_sgemm` rate for one product shape, measured in the same run as the figure
/// it is compared with (on a shared machine only a rate measured alongside means anything).
///
/// Every benchmark's "floor" and "% of sgemm" figures come from this one type.
public final class SGEMMRate {
    /// Rows of A and C.
    public let m: Int
    /// Columns of B and C.
    public let n: Int
    /// The shared dimension.
    public let k: Int
    private let a: Matrix, b: Matrix, c: Matrix
    private let repetitions: Int

    /// Matrices for C = A·B at m×k by k×n; the product is repeated until one timing does about
    /// 50 MFLOP, so small shapes are not timed at clock resolution.
    public init(m: Int = 500, n: Int = 256, k: Int = 256) {
        self.m = m
        self.n = n
        self.k = k
        a = Matrix(rows: m, columns: k)
        b = Matrix(rows: k, columns: n)
        c = Matrix(rows: m, columns: n)
        repetitions = max(1, Int(5e7 / (2 * Double(m) * Double(n) * Double(k))))
        var g = SeededGenerator(seed: 99)
        g.fillNormal(a.buffer, standardDeviation: 1)
        g.fillNormal(b.buffer, standardDeviation: 1)
    }

    /// CTGAN's hidden-layer product (batch 500, width 256): the reference for training steps and
    /// generation.
    public static var trainingShape: SGEMMRate { SGEMMRate() }

    /// FLOPs of one ``run()``.
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(repetitions) }

    /// One timed unit of work (for benchmarks that interleave it with their own rounds).
    public func run() { for _ in 0..<repetitions { c.multiply(a, by: b) } }

    /// GFLOP/s of one ``run()``.
    public func measureOnce() -> Double { flops / BenchmarkClock.seconds(run) / 1e9 }

    /// The median GFLOP/s of `rounds` timings, after one untimed warm-up.
    public func measure(rounds: Int = 15) -> Double {
        run()
        return BenchmarkClock.median((0..<rounds).map { _ in measureOnce() })
    }

    /// "500×256×256" in reports.
    public var shapeDescription: String { "\(m)×\(k)×\(n)" }
}
