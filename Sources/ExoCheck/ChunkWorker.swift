import ExoCore

/// One slice of a BFS batch: expands a contiguous run of frontier states on
/// its own thread and keeps the successors that were not in the visited set
/// when the batch began, already fingerprinted and checked. The engine then
/// merges the workers' outputs in frontier order, so the result does not
/// depend on how many threads there were.
///
/// A value type: `run` mutates it in place with static exclusivity only.
/// Each worker lives in its own `ChunkWorkerBox` so threads never write to
/// neighbouring memory (no false sharing of the per-transition counters).
struct ChunkWorker<M: Model, K: FingerprintKey> {
    var expander: Expander<M, K>
    private(set) var states: [M.State] = []
    private(set) var fingerprints: [K] = []
    private(set) var parents: [UInt32] = []
    private(set) var actions: [UInt32] = []
    /// Output index and violations of each successor that breaks an invariant.
    private(set) var violating: [(index: Int, violations: [Violation])] = []

    init(expander: Expander<M, K>) { self.expander = expander }

    mutating func run(frontier: [M.State], ids: [UInt32], range: Range<Int>, visited: FingerprintSet<K>) {
        states.removeAll(keepingCapacity: true)
        fingerprints.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        violating.removeAll(keepingCapacity: true)
        for i in range {
            expander.expand(frontier[i], visited: visited)
            for j in 0..<expander.count {
                let fp = expander.fingerprints[j]
                if visited.contains(fp) { continue }
                let s = expander.states[j]
                if let v = expander.violations(of: s) { violating.append((states.count, v)) }
                states.append(s)
                fingerprints.append(fp)
                parents.append(ids[i])
                actions.append(expander.actionIndices[j])
            }
        }
    }
}

/// A heap cell holding one worker, so each thread works on its own
/// allocation and pays one dynamic exclusivity check per chunk, not per state.
final class ChunkWorkerBox<M: Model, K: FingerprintKey>: @unchecked Sendable {
    var worker: ChunkWorker<M, K>
    init(_ worker: ChunkWorker<M, K>) { self.worker = worker }
}
