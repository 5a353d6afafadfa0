#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The neural core's own threads: one persistent worker per extra core, so that one training step
/// can split each matrix product and each element-wise layer across the cores.
///
/// Why not OpenBLAS' threads: a training step is many small products (500 × 256 × 256 and smaller)
/// separated by element-wise layers that OpenBLAS does not run, so with two OpenBLAS threads the
/// second core sped the products up 1.5× but the step only 1.2× (docs/PERFORMANCE.md). Here every
/// product and every row-wise layer is cut into one slice per core, each slice a single-threaded
/// `cblas_sgemm` or loop, and the workers wait for the next slice spinning for a few hundred µs
/// before they sleep.
///
/// Slices never share an output element and each element is computed by the same arithmetic in the
/// same order as without the pool, so results are bit-identical whatever the thread count.
///
/// One pool serves the process (``shared``, sized by ``BLASThreads/count``). A caller that finds it
/// busy — a second fit on another thread, or a slice that itself asks for parallel work — runs its
/// slices itself, one after another: never a deadlock, never a different result.
public final class ComputePool: @unchecked Sendable {
    /// Threads that run slices: the caller plus the workers.
    public let threadCount: Int

    /// The job being run. Written by the caller before it publishes the job's ``ticket``; read
    /// only by a thread that has claimed one of its slices, and the caller replaces it only after
    /// every claimed slice has finished.
    private var job: ((Int) -> Void)?
    /// The current job's number (high 32 bits), its next unclaimed slice (middle 16) and its slice
    /// count (low 16). A slice is claimed by a compare-and-swap on the whole word, so a thread that
    /// read an older job's ticket can claim nothing of the new one, and the caller never waits for
    /// a worker that is asleep or descheduled: it takes the slices itself.
    private let ticket = Atomic<UInt64>(0)
    /// The caller's count of jobs published (the high half of ``ticket``).
    private var jobNumber: UInt64 = 0
    /// Incremented once per job; idle workers wait for it to change.
    private let generation = Atomic<UInt64>(0)
    /// Slices not yet finished for the current job.
    private let unfinished = Atomic<Int>(0)
    /// Held by the one caller whose job the workers run.
    private let busy = Atomic<Bool>(false)
    /// Workers blocked on the condition variable (woken only when there are any).
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    // Allocated, not stored properties: a pthread object must not move, and `&property` promises
    // no stable address.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var threads: [pthread_t] = []

    /// How long an idle worker spins before it sleeps: long enough to span the gap between two
    /// layers of a step, short enough not to hold a core between fits.
    private static let spinIterations = 200_000

    /// A pool of `threadCount` threads: the caller and `threadCount − 1` workers.
    public init(threadCount: Int) {
        precondition(threadCount >= 1, "a compute pool needs at least one thread")
        self.threadCount = threadCount
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
        for _ in 1..<threadCount {
            let box = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { argument in
                let pool = Unmanaged<ComputePool>.fromOpaque(argument!).takeRetainedValue()
                pool.workerLoop()
                return nil
            }, box)
            precondition(status == 0, "could not start a compute thread (pthread_create: \(status))")
            threads.append(thread)
        }
    }

    deinit {
        pthread_cond_destroy(wakeUp)
        pthread_mutex_destroy(mutex)
        wakeUp.deallocate()
        mutex.deallocate()
    }

    /// Stops and joins the workers. A pool is released only after ``shutDown()``: each worker holds
    /// a reference to it.
    public func shutDown() {
        // Wait for a job in progress, then keep the pool busy for good: later callers run alone.
        while !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { sched_yield() }
        stopping.store(true, ordering: .releasing)
        generation.add(1, ordering: .releasing)
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(wakeUp)
        pthread_mutex_unlock(mutex)
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }

    /// Runs `body(0) … body(slices − 1)`, on the pool's threads when it is free and on the calling
    /// thread alone otherwise, and returns when all have finished. `body` must write disjoint memory
    /// for distinct slices.
    public func run(slices: Int, _ body: (Int) -> Void) {
        guard slices > 1, threadCount > 1,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for slice in 0..<slices { body(slice) }
            return
        }
        precondition(slices < 1 << 16, "a job has at most 65,535 slices")
        withoutActuallyEscaping(body) { body in
            job = body
            jobNumber = (jobNumber + 1) & 0xFFFF_FFFF
            unfinished.store(slices, ordering: .relaxed)
            ticket.store(jobNumber << 32 | UInt64(slices), ordering: .releasing)
            // Sequentially consistent with the worker's sleepers-then-generation check, so that
            // either it sees this job or this sees it asleep.
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wakeUp)
                pthread_mutex_unlock(mutex)
            }
            runSlices()
            while unfinished.load(ordering: .acquiring) > 0 { spinPause() }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs slices of the current job until none is left.
    private func runSlices() {
        var current = ticket.load(ordering: .acquiring)
        while true {
            let next = (current >> 16) & 0xFFFF, count = current & 0xFFFF
            guard next < count else { return }
            let claimed = ticket.compareExchange(expected: current, desired: current + (1 << 16), ordering: .acquiringAndReleasing)
            guard claimed.exchanged else {
                current = claimed.original
                continue
            }
            job!(Int(next))
            unfinished.subtract(1, ordering: .releasing)
            current = ticket.load(ordering: .acquiring)
        }
    }

    private func workerLoop() {
        // Not a load of `generation`: a worker that starts after the shutdown was published must
        // still see it.
        var seen: UInt64 = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < Self.spinIterations { spinPause(); continue }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen {
                    pthread_cond_wait(wakeUp, mutex)
                }
                sleepers.subtract(1, ordering: .relaxed)
                pthread_mutex_unlock(mutex)
            }
            seen = generation.load(ordering: .acquiring)
            if stopping.load(ordering: .acquiring) { return }
            // The others may have taken every slice already (or moved on to a later job); then
            // this takes none of it.
            runSlices()
        }
    }

    @inline(__always) private func spinPause() {
        // No portable pause instruction in Swift; a relaxed load keeps the loop from being hoisted.
        _ = stopping.load(ordering: .relaxed)
    }
}

extension ComputePool {
    /// The process-wide pool the neural core splits its work on: one thread (no workers) until
    /// ``BLASThreads/count`` is set higher.
    public static var shared: ComputePool { sharedPool.withLock { $0 } }

    static func resizeShared(to threadCount: Int) {
        let old = sharedPool.withLock { pool -> ComputePool? in
            guard pool.threadCount != threadCount else { return nil }
            let old = pool
            pool = ComputePool(threadCount: threadCount)
            return old
        }
        old?.shutDown()
    }

    /// Elements below which an element-wise loop is not worth splitting: a slice handed to another
    /// core costs about a microsecond, a few thousand elements' work.
    public static let elementGrain = 16_384

    /// Runs `body` on contiguous ranges of `rows`, split when the `rows × columns` elements are
    /// worth it (see ``elementGrain``).
    public func forEachRowRange(rows: Int, columns: Int, _ body: (Range<Int>) -> Void) {
        forEachRange(of: rows, grain: max(1, Self.elementGrain / max(1, columns)), body)
    }

    /// Splits `0..<count` into at most ``threadCount`` contiguous ranges of at least `grain`
    /// elements and runs `body` on each (in parallel when the pool is free).
    public func forEachRange(of count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        let slices = min(threadCount, count / max(1, grain))
        guard slices > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        run(slices: slices) { slice in
            body(count * slice / slices ..< count * (slice + 1) / slices)
        }
    }
}

private let sharedPool = Mutex(ComputePool(threadCount: 1))
