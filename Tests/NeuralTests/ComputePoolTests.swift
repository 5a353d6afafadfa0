import Glibc
import Synchronization
import Testing
@testable import ProfileGANNeural
import ProfileGANRandom

@Suite struct ComputePoolTests {
    @Test func everySliceRunsOnce() {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutDown() }
        let slices = 64
        let counts = Mutex([Int](repeating: 0, count: slices))
        for _ in 0..<200 {
            pool.run(slices: slices) { slice in counts.withLock { $0[slice] += 1 } }
        }
        #expect(counts.withLock { $0 } == [Int](repeating: 200, count: slices))
    }

    /// The caller takes every slice a worker has not claimed (a busy machine may keep the worker
    /// off the CPU), so this only asks that a worker joins in once the caller's slice is slow.
    @Test func aWorkerTakesSlicesWhileTheCallerIsBusy() {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutDown() }
        let threads = Mutex(Set<UInt>())
        let deadline = ContinuousClock.now + .seconds(10)
        while threads.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline {
            pool.run(slices: 2) { _ in
                threads.withLock { _ = $0.insert(UInt(pthread_self())) }
                usleep(2_000)
            }
        }
        #expect(threads.withLock { $0.count } == 2)
    }

    @Test func workFromInsideASliceRunsOnTheCallerWithoutDeadlock() {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutDown() }
        let total = Atomic<Int>(0)
        pool.run(slices: 4) { _ in
            pool.run(slices: 3) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 12)
    }

    @Test func aShutDownPoolStillRunsEverySliceOnTheCaller() {
        let pool = ComputePool(threadCount: 3)
        pool.shutDown()
        let total = Atomic<Int>(0)
        pool.run(slices: 5) { slice in total.add(slice, ordering: .relaxed) }
        #expect(total.load(ordering: .relaxed) == 10)
    }

    @Test func rangesCoverTheWholeCountInOrderWithoutOverlap() {
        let pool = ComputePool(threadCount: 2)
        defer { pool.shutDown() }
        for count in [0, 1, 5, 99, 100_000] {
            let ranges = Mutex([Range<Int>]())
            pool.forEachRange(of: count, grain: 10) { range in ranges.withLock { $0.append(range) } }
            let sorted = ranges.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
            #expect(sorted.first?.lowerBound ?? 0 == 0 && sorted.last?.upperBound ?? 0 == count)
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(sorted.count <= 2 && sorted.allSatisfy { !$0.isEmpty })
        }
    }

    /// The claim the training step's reproducibility rests on: a product cut into row or column
    /// blocks on the pool has exactly the bits of one call, for the shapes a step multiplies.
    @Test(arguments: [(500, 256, 276, false, true), (256, 276, 500, true, false), (500, 276, 256, false, false),
                      (50, 256, 200, false, true), (256, 200, 50, true, false), (1, 256, 500, true, true), (3, 4096, 128, false, true)])
    func productsOnThePoolHaveTheBitsOfOneCall(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) {
        var g = SeededGenerator(seed: UInt64(m * n + k))
        let a = transposeA ? randomMatrix(k, m, generator: &g) : randomMatrix(m, k, generator: &g)
        let b = transposeB ? randomMatrix(n, k, generator: &g) : randomMatrix(k, n, generator: &g)
        let accumulated = randomMatrix(m, n, generator: &g)
        let single = ComputePool(threadCount: 1), pool = ComputePool(threadCount: 2)
        defer { pool.shutDown() }
        for beta: Float in [0, 1] {
            let one = accumulated.copy(), split = accumulated.copy()
            one.multiply(a, by: b, transposingA: transposeA, transposingB: transposeB, alpha: 0.5, beta: beta, on: single)
            split.multiply(a, by: b, transposingA: transposeA, transposingB: transposeB, alpha: 0.5, beta: beta, on: pool)
            #expect(split.isIdentical(to: one), "\(m)×\(n)×\(k) transposed \(transposeA)/\(transposeB), beta \(beta)")
        }
    }
}
