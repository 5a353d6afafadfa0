import COpenBLAS

extension Matrix {
    /// `self = alpha · op(a) · op(b) + beta · self` through OpenBLAS `cblas_sgemm`, where `op`
    /// transposes when asked. `self` must already have the result's shape (it is not resized, so a
    /// shape mistake is caught instead of silently reallocating a workspace).
    public func multiply(
        _ a: Matrix, by b: Matrix, transposingA transposeA: Bool = false, transposingB transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0
    ) {
        multiply(a, by: b, transposingA: transposeA, transposingB: transposeB, alpha: alpha, beta: beta, on: .shared)
    }

    /// The product on a given pool (tests compare pools).
    func multiply(
        _ a: Matrix, by b: Matrix, transposingA transposeA: Bool, transposingB transposeB: Bool,
        alpha: Float, beta: Float, on pool: ComputePool
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
        precondition(rows == m && columns == n, "result is \(rows)×\(columns), product is \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // An empty sum: C = beta·C, with beta = 0 meaning overwrite (as BLAS defines it, even
            // when C holds NaN).
            if beta == 0 { fill(0) } else { scale(by: beta) }
            return
        }
        // Below about 2¹⁸ multiply-adds (a few microseconds) handing half to another core costs
        // more than it saves.
        guard pool.threadCount > 1, m * n * k >= 1 << 18, max(m, n) >= 2 * pool.threadCount else {
            sgemm(a, b, transposeA, transposeB, rows: 0..<m, columns: 0..<n, k: k, alpha: alpha, beta: beta)
            return
        }
        // One block of whole rows (or whole columns, for a short wide result) per thread: each
        // block is an ordinary product of a slice of op(a) (or op(b)), so no element is shared and
        // each is summed exactly as in one call.
        if m >= n {
            pool.forEachRange(of: m, grain: 1) { range in
                sgemm(a, b, transposeA, transposeB, rows: range, columns: 0..<n, k: k, alpha: alpha, beta: beta)
            }
        } else {
            pool.forEachRange(of: n, grain: 1) { range in
                sgemm(a, b, transposeA, transposeB, rows: 0..<m, columns: range, k: k, alpha: alpha, beta: beta)
            }
        }
    }

    /// The block `rows × columns` of the product, by one single-threaded-or-not `cblas_sgemm`.
    private func sgemm(_ a: Matrix, _ b: Matrix, _ transposeA: Bool, _ transposeB: Bool,
                       rows: Range<Int>, columns: Range<Int>, k: Int, alpha: Float, beta: Float) {
        // Row r of op(a) starts at a[r, 0], or at a[0, r] when transposed; column c of op(b) at
        // b[0, c], or at b[c, 0] when transposed.
        let aStart = transposeA ? a.data + rows.lowerBound : a.data + rows.lowerBound * a.columns
        let bStart = transposeB ? b.data + columns.lowerBound * b.columns : b.data + columns.lowerBound
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(rows.count), blasint(columns.count), blasint(k), alpha,
            aStart, blasint(a.columns), bStart, blasint(b.columns), beta,
            data + rows.lowerBound * self.columns + columns.lowerBound, blasint(self.columns))
    }

    /// Squared Euclidean norm of each row, written to `result[0..<rows]`.
    public func rowSquaredNorms(into result: UnsafeMutablePointer<Float>) {
        let width = columns
        ComputePool.shared.forEachRowRange(rows: rows, columns: width) { range in
            for r in range {
                let p = data + r * width
                result[r] = cblas_sdot(blasint(width), p, 1, p, 1)
            }
        }
    }
}

/// How many threads the neural core's matrix products and element-wise layers use.
///
/// This is process-wide state, so the library never changes it: the application chooses once, at
/// start-up, before any fit or generation runs (the CLI does so from `--threads`). Two fits running
/// at the same time in one process then share one setting instead of racing to set and restore it.
///
/// By default the threads are ProfileGAN's own (``ComputePool/shared``), each running
/// single-threaded OpenBLAS on its slice of a product and its share of the element-wise layers;
/// ``threadsFromOpenBLAS`` gives them to OpenBLAS' own pool instead (products only), as before.
public enum BLASThreads {
    /// The number of threads; setting it resizes ``ComputePool/shared`` (or OpenBLAS' pool).
    public static var count: Int {
        get { max(ComputePool.shared.threadCount, Int(openblas_get_num_threads())) }
        set {
            precondition(newValue >= 1, "BLAS thread count must be at least 1")
            openblas_set_num_threads(Int32(threadsFromOpenBLAS ? newValue : 1))
            ComputePool.resizeShared(to: threadsFromOpenBLAS ? 1 : newValue)
        }
    }

    /// Whether ``count`` sizes OpenBLAS' pool rather than ProfileGAN's (set before ``count``):
    /// `profilegan bench neural --openblas-threads` compares the two.
    nonisolated(unsafe) package static var threadsFromOpenBLAS = false

    /// How many threads of the caller's own may run matrix products side by side: all `requested`
    /// when the products are single-threaded, otherwise one, because the pool already uses the
    /// cores and a second layer of threads would only make the two compete for them.
    public static func parallelWorkers(upTo requested: Int) -> Int {
        count == 1 ? max(1, requested) : 1
    }
}
