import ExoCore

/// One thread's expander in a BFS batch: expands the contiguous runs of
/// frontier states (chunks) its thread claims, and keeps, for each chunk,
/// the successors that were not in the visited set when the batch began,
/// already fingerprinted and checked, in that chunk's `ChunkOutput`. The
/// engine then merges the chunks' outputs in frontier order, so the result
/// does not depend on how many threads there were.
///
/// One worker per thread, not per chunk: the expander's scratch (encoder,
/// action list, the run's record of kept fingerprints, counters) stays in
/// the cache of the core that uses it. With one expander per chunk, a
/// thread that claimed a chunk the other thread expanded last time first
/// moved that scratch over: such chunks took 5.5% longer per state
/// (median over the 64 chunks of a `--jobs 2` run of the large bench).
/// Whole runs did not get measurably faster from this alone (docs/
/// explorer.md, "Session 11"); it holds two expanders instead of 64.
///
/// A heap cell per worker, so each thread works on its own allocation (no
/// false sharing of the per-transition counters) and pays one dynamic
/// exclusivity check per expanded state, not per transition.
final class ChunkWorker<M: Model, K: FingerprintKey>: @unchecked Sendable {
    private let leadingPad = CacheLinePad()
    var expander: Expander<M, K>
    private let trailingPad = CacheLinePad()

    init(expander: consuming Expander<M, K>) { self.expander = expander }

    /// Expands the frontier states in `range` into `chunk`, taking each out
    /// of the frontier (so it is destroyed here, in parallel, once
    /// expanded). First it destroys what the last merge left in `chunk`
    /// (successors the merge did not keep). With `continuing`, the expander
    /// still knows what it kept in its runs since the last plain one, and
    /// drops repeats of those too (one thread expanding a batch slice by
    /// slice into one chunk: a state kept by an earlier slice is known to
    /// the merge by now, so checking a repeat of it again would be wasted).
    ///
    /// With `claims`, the worker registers each successor it keeps there as
    /// chunk `index` of the batch, and drops those an earlier chunk kept.
    func run(frontier: StateBuffer<M.State>, ids: [UInt32], range: Range<Int>, visited: FingerprintSet<K>,
             into chunk: ChunkOutput<M.State, K>, continuing: Bool = false,
             claims: ChunkClaims.Slots? = nil, index: Int = 0) {
        swap(&expander.output, &chunk.output)
        defer { swap(&expander.output, &chunk.output) }
        if continuing { expander.clearOutput() } else { expander.clear() }
        expander.claims = claims
        expander.claimChunk = Int32(index)
        for i in range {
            let state = frontier.take(i)
            expander.expand(state, parent: ids[i], visited: visited, keep: .unvisited)
            expander.retire(state)
        }
    }
}
