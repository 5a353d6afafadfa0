import Dispatch
import Foundation

/// Gradient-boosted regression trees on the logistic (two classes) or softmax (more) loss, with
/// second-order (Newton) leaf values as in XGBoost (Chen & Guestrin 2016) and histogram splits as in
/// LightGBM: each feature is cut at up to 32 quantiles of the training rows, so growing a level costs
/// one pass over the binned rows.
struct GradientBoostedTrees: Sendable {
    struct Settings: Sendable {
        var rounds = 50
        var depth = 3
        var learningRate = 0.2
        var l2 = 1.0
        var minChildHessian = 1.0
        var bins = 32
    }

    private struct Tree: Sendable {
        var feature: [Int32] = []
        var threshold: [UInt8] = []
        var left: [Int32] = []
        var right: [Int32] = []
        var value: [Double] = []
    }

    private let thresholds: [[Double]]
    private let outputs: Int
    private let classCount: Int
    private let baseScores: [Double]
    private var trees: [[Tree]] = []  // [round][output]

    init(features x: FeatureMatrix, labels: [Int], classCount k: Int, settings: Settings = Settings()) {
        classCount = k
        outputs = k == 2 ? 1 : k
        let n = x.rows, d = x.columns
        thresholds = (0..<d).map { f in Self.quantileThresholds((0..<n).map { x.values[$0 * d + f] }, bins: settings.bins) }
        let binned = Self.bin(x, thresholds)
        // Start from the log class frequencies so the first trees model structure, not the base rate.
        var counts = [Double](repeating: 1, count: k)
        for label in labels { counts[label] += 1 }
        let total = counts.reduce(0, +)
        baseScores = outputs == 1 ? [Foundation.log(counts[1] / counts[0])] : counts.map { Foundation.log($0 / total) }
        var scores = [Double](repeating: 0, count: n * outputs)
        for r in 0..<n { for o in 0..<outputs { scores[r * outputs + o] = baseScores[o] } }
        var gradient = [Double](repeating: 0, count: n), hessian = [Double](repeating: 0, count: n)
        var probabilities = [Double](repeating: 0, count: n * outputs)
        for _ in 0..<settings.rounds {
            Self.link(scores, outputs: outputs, into: &probabilities)
            var round: [Tree] = []
            for o in 0..<outputs {
                for r in 0..<n {
                    let p = probabilities[r * outputs + o]
                    let y: Double = outputs == 1 ? (labels[r] == 1 ? 1 : 0) : (labels[r] == o ? 1 : 0)
                    gradient[r] = p - y
                    hessian[r] = max(p * (1 - p), 1e-6)
                }
                let tree = Self.grow(binned, rows: n, features: d, gradient: gradient, hessian: hessian, settings: settings)
                for r in 0..<n { scores[r * outputs + o] += Self.evaluate(tree, binned, row: r, rows: n) }
                round.append(tree)
            }
            trees.append(round)
        }
    }

    /// Class probabilities, `rows × classCount` row-major.
    func probabilities(_ x: FeatureMatrix) -> [Double] {
        let n = x.rows
        let binned = Self.bin(x, thresholds)
        var scores = [Double](repeating: 0, count: n * outputs)
        for r in 0..<n {
            for o in 0..<outputs {
                var s = baseScores[o]
                for round in trees { s += Self.evaluate(round[o], binned, row: r, rows: n) }
                scores[r * outputs + o] = s
            }
        }
        var p = [Double](repeating: 0, count: n * outputs)
        Self.link(scores, outputs: outputs, into: &p)
        guard outputs == 1 else { return p }
        var out = [Double](repeating: 0, count: n * 2)
        for r in 0..<n { out[r * 2] = 1 - p[r]; out[r * 2 + 1] = p[r] }
        return out
    }

    /// Sigmoid for one output, softmax across outputs otherwise.
    private static func link(_ scores: [Double], outputs: Int, into p: inout [Double]) {
        let n = scores.count / outputs
        for r in 0..<n {
            if outputs == 1 { p[r] = 1 / (1 + Foundation.exp(-scores[r])); continue }
            var m = -Double.infinity
            for o in 0..<outputs { m = max(m, scores[r * outputs + o]) }
            var sum = 0.0
            for o in 0..<outputs { p[r * outputs + o] = Foundation.exp(scores[r * outputs + o] - m); sum += p[r * outputs + o] }
            for o in 0..<outputs { p[r * outputs + o] /= sum }
        }
    }

    private static func quantileThresholds(_ values: [Double], bins: Int) -> [Double] {
        let sorted = values.sorted()
        guard let first = sorted.first, first != sorted.last else { return [] }
        var out: [Double] = []
        for q in 1..<bins {
            let v = sorted[min(sorted.count - 1, q * sorted.count / bins)]
            if v != out.last && v != sorted.last! { out.append(v) }
        }
        return out
    }

    /// Feature-major bin indices: `binned[f * rows + r]`; a value goes to the first threshold ≥ it.
    private static func bin(_ x: FeatureMatrix, _ thresholds: [[Double]]) -> [UInt8] {
        let n = x.rows, d = x.columns
        var out = [UInt8](repeating: 0, count: n * d)
        for f in 0..<d {
            let t = thresholds[f]
            for r in 0..<n {
                let v = x.values[r * d + f]
                var lo = 0, hi = t.count
                while lo < hi { let mid = (lo + hi) / 2; if t[mid] < v { lo = mid + 1 } else { hi = mid } }
                out[f * n + r] = UInt8(lo)
            }
        }
        return out
    }

    private static func grow(_ binned: [UInt8], rows n: Int, features d: Int, gradient: [Double], hessian: [Double], settings: Settings) -> Tree {
        var tree = Tree()
        func addLeaf(_ g: Double, _ h: Double) -> Int32 {
            tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1)
            tree.value.append(-settings.learningRate * g / (h + settings.l2))
            return Int32(tree.value.count - 1)
        }
        var node = [Int32](repeating: 0, count: n)
        var g0 = 0.0, h0 = 0.0
        for r in 0..<n { g0 += gradient[r]; h0 += hessian[r] }
        _ = addLeaf(g0, h0)
        var frontier: [Int32] = [0]
        var sums: [Int32: (Double, Double)] = [0: (g0, h0)]
        let binCount = settings.bins + 1
        for _ in 0..<settings.depth {
            guard !frontier.isEmpty else { break }
            var slotOfNode = [Int](repeating: -1, count: tree.value.count)
            for (s, id) in frontier.enumerated() { slotOfNode[Int(id)] = s }
            let rowSlot = node.map { Int32(slotOfNode[Int($0)]) }
            let (histG, histH) = Self.histograms(
                binned, rows: n, features: d, binCount: binCount, slots: frontier.count, rowSlot: rowSlot,
                gradient: gradient, hessian: hessian)
            var next: [Int32] = []
            var splitOf: [Int32: (feature: Int, bin: Int, left: Int32, right: Int32)] = [:]
            for (s, id) in frontier.enumerated() {
                let (g, h) = sums[id]!
                let parentScore = g * g / (h + settings.l2)
                var best = (gain: 1e-9, feature: -1, bin: 0, gl: 0.0, hl: 0.0)
                for f in 0..<d {
                    var gl = 0.0, hl = 0.0
                    for b in 0..<(binCount - 1) {
                        let cell = (s * d + f) * binCount + b
                        gl += histG[cell]; hl += histH[cell]
                        let gr = g - gl, hr = h - hl
                        guard hl >= settings.minChildHessian, hr >= settings.minChildHessian else { continue }
                        let gain = gl * gl / (hl + settings.l2) + gr * gr / (hr + settings.l2) - parentScore
                        if gain > best.gain { best = (gain, f, b, gl, hl) }
                    }
                }
                guard best.feature >= 0 else { continue }
                let left = addLeaf(best.gl, best.hl), right = addLeaf(g - best.gl, h - best.hl)
                sums[left] = (best.gl, best.hl); sums[right] = (g - best.gl, h - best.hl)
                tree.feature[Int(id)] = Int32(best.feature); tree.threshold[Int(id)] = UInt8(best.bin)
                tree.left[Int(id)] = left; tree.right[Int(id)] = right
                splitOf[id] = (best.feature, best.bin, left, right)
                next += [left, right]
            }
            for r in 0..<n {
                guard let split = splitOf[node[r]] else { continue }
                node[r] = Int(binned[split.feature * n + r]) <= split.bin ? split.left : split.right
            }
            frontier = next
        }
        return tree
    }

    /// Gradient and hessian sums per (node slot, feature, bin), `[(slot * d + f) * binCount + bin]`.
    /// The two cores take alternate features; each writes only its features' cells.
    private static func histograms(
        _ binned: [UInt8], rows n: Int, features d: Int, binCount: Int, slots: Int, rowSlot: [Int32],
        gradient: [Double], hessian: [Double]
    ) -> ([Double], [Double]) {
        var histG = [Double](repeating: 0, count: slots * d * binCount)
        var histH = histG
        histG.withUnsafeMutableBufferPointer { hg in
            histH.withUnsafeMutableBufferPointer { hh in
                let sums = SharedBuffers(g: hg.baseAddress!, h: hh.baseAddress!)
                binned.withUnsafeBufferPointer { b in
                    rowSlot.withUnsafeBufferPointer { slot in
                        gradient.withUnsafeBufferPointer { g in
                            hessian.withUnsafeBufferPointer { h in
                                let inputs = SharedInputs(binned: b.baseAddress!, slot: slot.baseAddress!, g: g.baseAddress!, h: h.baseAddress!)
                                DispatchQueue.concurrentPerform(iterations: 2) { worker in
                                    for f in stride(from: worker, to: d, by: 2) {
                                        let column = inputs.binned + f * n
                                        for r in 0..<n {
                                            let s = Int(inputs.slot[r])
                                            if s < 0 { continue }
                                            let cell = (s * d + f) * binCount + Int(column[r])
                                            sums.g[cell] += inputs.g[r]
                                            sums.h[cell] += inputs.h[r]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (histG, histH)
    }

    private static func evaluate(_ tree: Tree, _ binned: [UInt8], row: Int, rows n: Int) -> Double {
        var id = 0
        while tree.feature[id] >= 0 {
            id = Int(binned[Int(tree.feature[id]) * n + row]) <= Int(tree.threshold[id]) ? Int(tree.left[id]) : Int(tree.right[id])
        }
        return tree.value[id]
    }
}

/// Raw pointers handed to the histogram workers, which write disjoint cells (one feature each).
private struct SharedBuffers: @unchecked Sendable {
    let g: UnsafeMutablePointer<Double>
    let h: UnsafeMutablePointer<Double>
}

private struct SharedInputs: @unchecked Sendable {
    let binned: UnsafePointer<UInt8>
    let slot: UnsafePointer<Int32>
    let g: UnsafePointer<Double>
    let h: UnsafePointer<Double>
}
