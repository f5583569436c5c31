import Synchronization

/// Hands out the chunks of one BFS batch to worker threads in ascending
/// order, and has the workers themselves merge the chunks' output, one
/// merge at a time, in chunk order.
///
/// There is no merging thread: a worker that finishes a chunk merges it
/// (and every finished chunk after it) if it is the next in order and no
/// other worker is merging; otherwise the worker merging, or the one that
/// finishes the chunk before it, will. So `jobs` threads share the machine
/// with no third one waking up per chunk (on two cores the merging thread
/// used to take a core from the workers, and each wake-up cost a context
/// switch).
///
/// The mutex orders everything a worker wrote for its chunk before the
/// merge that reads it, whichever thread merges, and each merge before the
/// next.
final class ChunkCursor: Sendable {
    private let chunks: Int
    private let next = Atomic<Int>(0)
    private let progress: Mutex<Progress>

    private struct Progress {
        /// Per chunk: expanded.
        var finished: [Bool]
        /// Chunks merged so far (the next to merge).
        var merged = 0
        /// Whether a worker is merging now.
        var merging = false
    }

    init(chunks: Int) {
        precondition(chunks > 0, "a batch has at least one chunk")
        self.chunks = chunks
        progress = Mutex(Progress(finished: Array(repeating: false, count: chunks)))
    }

    /// The next unclaimed chunk, or nil when all are claimed.
    func claim() -> Int? {
        let c = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return c < chunks ? c : nil
    }

    /// Chunk `c` is expanded. Calls `merge` here for each chunk that is
    /// now next in order and expanded (maybe none, maybe several), unless
    /// another worker is merging: that one takes them on.
    func finished(_ c: Int, merge: (Int) -> Void) {
        var m = progress.withLock { p -> Int? in
            precondition(!p.finished[c], "chunk \(c) finished twice")
            p.finished[c] = true
            if p.merging || !p.finished[p.merged] { return nil }
            p.merging = true
            p.merged += 1
            return p.merged - 1
        }
        while let chunk = m {
            merge(chunk)
            m = progress.withLock { p -> Int? in
                if p.merged < chunks && p.finished[p.merged] {
                    p.merged += 1
                    return p.merged - 1
                }
                p.merging = false
                return nil
            }
        }
    }

    /// Whether every chunk is merged (true once every worker has returned
    /// from its last `finished`).
    var allMerged: Bool { progress.withLock { !$0.merging && $0.merged == chunks } }
}
