import COpenBLAS

extension Matrix {
    /// `self = alpha · op(a) · op(b) + beta · self` through OpenBLAS `cblas_sgemm`, where `op`
    /// transposes when asked. `self` must already have the result's shape (it is not resized, so a
    /// shape mistake is caught instead of silently reallocating a workspace).
    public func multiply(
        _ a: Matrix, by b: Matrix, transposingA transposeA: Bool = false, transposingB transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0
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
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha,
            a.data, blasint(a.columns), b.data, blasint(b.columns), beta, data, blasint(columns))
    }

    /// Squared Euclidean norm of each row, written to `result[0..<rows]`.
    public func rowSquaredNorms(into result: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let p = data + r * columns
            result[r] = cblas_sdot(blasint(columns), p, 1, p, 1)
        }
    }
}

/// The OpenBLAS thread pool size used by every matrix product.
///
/// This is process-wide state, so the library never changes it: the application chooses once, at
/// start-up, before any fit or generation runs (the CLI does so from `--threads`). Two fits running
/// at the same time in one process then share one setting instead of racing to set and restore it.
/// On a busy two-core machine extra BLAS threads gain little (see docs/PERFORMANCE.md).
public enum BLASThreads {
    /// The number of threads OpenBLAS uses; setting it resizes OpenBLAS' pool (process-wide).
    public static var count: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS thread count must be at least 1")
            openblas_set_num_threads(Int32(newValue))
        }
    }

    /// How many threads of the caller's own may run matrix products side by side: all `requested`
    /// when OpenBLAS runs single-threaded, otherwise one, because OpenBLAS' pool already uses the
    /// cores and a second layer of threads would only make the two compete for them.
    public static func parallelWorkers(upTo requested: Int) -> Int {
        count == 1 ? max(1, requested) : 1
    }
}
