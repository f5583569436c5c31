import ExoCore

/// One slice of a BFS batch: expands a contiguous run of frontier states on
/// its own thread and keeps the successors that were not in the visited set
/// when the batch began, already fingerprinted and checked (in its
/// expander's output). The engine then merges the workers' outputs in
/// frontier order, so the result does not depend on how many threads there
/// were.
///
/// A heap cell per worker, so each thread works on its own allocation (no
/// false sharing of the per-transition counters) and pays one dynamic
/// exclusivity check per expanded state, not per transition.
final class ChunkWorker<M: Model, K: FingerprintKey>: @unchecked Sendable {
    var expander: Expander<M, K>

    init(expander: consuming Expander<M, K>) { self.expander = expander }

    /// Expands the frontier states in `range`, taking each out of the
    /// frontier (so it is destroyed here, in parallel, once expanded). First
    /// it destroys what the last merge left in its output (successors the
    /// merge did not keep). With `continuing`, the expander still knows
    /// what it kept in its runs since the last plain one, and drops repeats
    /// of those too (one thread expanding a batch slice by slice: a state
    /// kept by an earlier slice is known to the merge by now, so checking
    /// a repeat of it again would be wasted).
    ///
    /// With `claims`, the worker registers each successor it keeps there as
    /// chunk `chunk` of the batch, and drops those an earlier chunk kept.
    func run(frontier: StateBuffer<M.State>, ids: [UInt32], range: Range<Int>, visited: FingerprintSet<K>,
             continuing: Bool = false, claims: ChunkClaims.Slots? = nil, chunk: Int = 0) {
        if continuing { expander.clearOutput() } else { expander.clear() }
        expander.claims = claims
        expander.claimChunk = Int32(chunk)
        for i in range {
            let state = frontier.take(i)
            expander.expand(state, parent: ids[i], visited: visited, keep: .unvisited)
            expander.retire(state)
        }
    }
}
