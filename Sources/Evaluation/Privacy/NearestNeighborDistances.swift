import COpenBLAS
import Dispatch

/// Exact nearest-neighbour distances by brute force on BLAS: for query block `Q` and reference block
/// `R`, `‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r`, where all the `q·r` of a block come from one `cblas_sgemm`.
/// Blocks keep the partial distance matrix in cache (never the whole `queries × references`), and the
/// two cores each take alternate query blocks with single-threaded BLAS (so the min-reduction after
/// each product runs in parallel too).
enum NearestNeighborDistances {
    static let queryBlock = 256
    static let referenceBlock = 4096

    /// For each query row, the Euclidean distance to its nearest reference row. Both matrices are
    /// row-major with `dimension` columns. Returns `+∞` for every query when there are no references.
    static func nearest(queries: [Float], references: [Float], dimension d: Int) -> [Float] {
        let q = d == 0 ? 0 : queries.count / d, r = d == 0 ? 0 : references.count / d
        guard r > 0 else { return [Float](repeating: .infinity, count: q) }
        let referenceNorms = squaredNorms(references, dimension: d)
        let queryNorms = squaredNorms(queries, dimension: d)
        var result = [Float](repeating: .infinity, count: q)
        let blocks = (q + queryBlock - 1) / queryBlock
        let threadsBefore = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(threadsBefore) }
        let workers = min(2, max(1, blocks))
        result.withUnsafeMutableBufferPointer { out in
            let output = UnsafeSendable(out)
            queries.withUnsafeBufferPointer { qp in
                references.withUnsafeBufferPointer { rp in
                    let qBase = UnsafeSendable(qp), rBase = UnsafeSendable(rp)
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        var products = [Float](repeating: 0, count: queryBlock * referenceBlock)
                        for block in stride(from: worker, to: blocks, by: workers) {
                            let q0 = block * queryBlock, qn = min(queryBlock, q - q0)
                            var best = [Float](repeating: .infinity, count: qn)
                            for r0 in stride(from: 0, to: r, by: referenceBlock) {
                                let rn = min(referenceBlock, r - r0)
                                products.withUnsafeMutableBufferPointer { c in
                                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(qn), Int32(rn), Int32(d),
                                                -2, qBase.value.baseAddress! + q0 * d, Int32(d),
                                                rBase.value.baseAddress! + r0 * d, Int32(d), 0, c.baseAddress, Int32(rn))
                                    referenceNorms.withUnsafeBufferPointer { norms in
                                        for i in 0..<qn {
                                            best[i] = min(best[i], rowMinimum(c.baseAddress! + i * rn, norms.baseAddress! + r0, count: rn))
                                        }
                                    }
                                }
                            }
                            for i in 0..<qn { output.value[q0 + i] = max(0, best[i] + queryNorms[q0 + i]).squareRoot() }
                        }
                    }
                }
            }
        }
        return result
    }

    /// `min_j (products[j] + norms[j])`, eight lanes at a time.
    private static func rowMinimum(_ products: UnsafePointer<Float>, _ norms: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: .infinity)
        var j = 0
        while j + 8 <= count {
            let p = UnsafeRawPointer(products + j).loadUnaligned(as: SIMD8<Float>.self)
            let n = UnsafeRawPointer(norms + j).loadUnaligned(as: SIMD8<Float>.self)
            lanes = pointwiseMin(lanes, p + n)
            j += 8
        }
        var m = lanes.min()
        while j < count { m = min(m, products[j] + norms[j]); j += 1 }
        return m
    }

    private static func squaredNorms(_ x: [Float], dimension d: Int) -> [Float] {
        let n = x.count / d
        return (0..<n).map { row in
            var s: Float = 0
            for k in 0..<d { s += x[row * d + k] * x[row * d + k] }
            return s
        }
    }
}

/// Lets worker closures share a buffer whose disjoint parts they write (each query block is written
/// by exactly one worker).
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
