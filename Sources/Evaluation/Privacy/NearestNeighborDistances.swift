import COpenBLAS
import Dispatch

/// Exact nearest-neighbour distances by brute force on BLAS: `‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r`, where all
/// of a block's terms come out of one `cblas_sgemm` on augmented rows — queries `[q, −½, −½‖q‖²]`,
/// references `[r, ‖r‖², 1]`, `alpha = −2` — so each entry of the product already *is* a squared
/// distance (≥ 0 up to rounding) and the nearest one is found by `cblas_isamin`, OpenBLAS' vectorized
/// arg-min of absolute values. Blocks keep the partial distance matrix in cache (never the whole
/// `queries × references`); the two cores take alternate query blocks with single-threaded BLAS.
enum NearestNeighborDistances {
    static let queryBlock = 256
    static let referenceBlock = 4096

    /// For each query row, the Euclidean distance to its nearest reference row. Both matrices are
    /// row-major with `dimension` columns. Returns `+∞` for every query when there are no references.
    static func nearest(queries: [Float], references: [Float], dimension d: Int) -> [Float] {
        let q = d == 0 ? 0 : queries.count / d, r = d == 0 ? 0 : references.count / d
        guard r > 0 else { return [Float](repeating: .infinity, count: q) }
        let width = d + 2
        let augmentedQueries = augment(queries, rows: q, dimension: d) { norm in (-0.5, -0.5 * norm) }
        let augmentedReferences = augment(references, rows: r, dimension: d) { norm in (norm, 1) }
        var result = [Float](repeating: .infinity, count: q)
        let blocks = (q + queryBlock - 1) / queryBlock
        // Two threads of our own only when OpenBLAS is single-threaded (the application's choice,
        // see BLASThreads): otherwise its pool already uses the cores.
        let workers = min(openblas_get_num_threads() == 1 ? 2 : 1, max(1, blocks))
        result.withUnsafeMutableBufferPointer { out in
            augmentedQueries.withUnsafeBufferPointer { qp in
                augmentedReferences.withUnsafeBufferPointer { rp in
                    let shared = SharedPointers(output: out.baseAddress!, queries: qp.baseAddress!, references: rp.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        var products = [Float](repeating: 0, count: queryBlock * referenceBlock)
                        products.withUnsafeMutableBufferPointer { c in
                            for block in stride(from: worker, to: blocks, by: workers) {
                                let q0 = block * queryBlock, qn = min(queryBlock, q - q0)
                                var best = [Float](repeating: .infinity, count: qn)
                                for r0 in stride(from: 0, to: r, by: referenceBlock) {
                                    let rn = min(referenceBlock, r - r0)
                                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(qn), Int32(rn), Int32(width),
                                                -2, shared.queries + q0 * width, Int32(width),
                                                shared.references + r0 * width, Int32(width), 0, c.baseAddress, Int32(rn))
                                    for i in 0..<qn {
                                        let row = c.baseAddress! + i * rn
                                        let k = Int(cblas_isamin(Int32(rn), row, 1))
                                        best[i] = min(best[i], abs(row[k]))
                                    }
                                }
                                for i in 0..<qn { shared.output[q0 + i] = best[i].squareRoot() }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Rows of `x` followed by the two extra entries `extra(‖row‖²)`.
    private static func augment(_ x: [Float], rows: Int, dimension d: Int, _ extra: (Float) -> (Float, Float)) -> [Float] {
        var out = [Float](repeating: 0, count: rows * (d + 2))
        for row in 0..<rows {
            var norm: Float = 0
            for k in 0..<d {
                let v = x[row * d + k]
                out[row * (d + 2) + k] = v
                norm += v * v
            }
            let (a, b) = extra(norm)
            out[row * (d + 2) + d] = a
            out[row * (d + 2) + d + 1] = b
        }
        return out
    }
}

/// Raw pointers shared with the workers: each query block's outputs are written by exactly one worker,
/// the inputs only read.
private struct SharedPointers: @unchecked Sendable {
    let output: UnsafeMutablePointer<Float>
    let queries: UnsafePointer<Float>
    let references: UnsafePointer<Float>
}
