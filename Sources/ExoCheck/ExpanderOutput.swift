import ExoCore

/// The successors an expander kept since its last `clear`, in generation
/// order, and their records: what the engine admits from (`admitSuccessors`).
///
/// A value apart from the expander so that a BFS worker thread can expand
/// chunk after chunk with one expander (its scratch stays in that core's
/// cache) while each chunk's output waits for the merge: the worker
/// exchanges outputs at a chunk's start and end (`ChunkOutput`).
struct ExpanderOutput<State, K: FingerprintKey> {
    /// The kept successors.
    let states = StateBuffer<State>()
    private(set) var fingerprints: [K] = []
    /// Index of the action (in its parent's enabled list) behind each successor.
    private(set) var actionIndices: [UInt32] = []
    /// `Event.op` of each successor's step.
    private(set) var ops: [UInt16] = []
    /// The id the caller gave each successor's parent.
    private(set) var parents: [UInt32] = []
    /// Index and violations of each kept successor that breaks an
    /// invariant (`.unvisited` only), in index order.
    private(set) var violating: [(index: Int, violations: [Violation])] = []

    /// Kept successors (consumed states included: the records stay until
    /// `removeAll`).
    var count: Int { fingerprints.count }

    /// The records of the successor just placed in `states`.
    @inline(__always) mutating func appendRecords(fingerprint fp: K, action i: Int, op: UInt16, parent: UInt32) {
        fingerprints.append(fp)
        actionIndices.append(UInt32(truncatingIfNeeded: i))
        ops.append(op)
        parents.append(parent)
    }

    /// Marks successor `index` as breaking `violations`.
    mutating func flag(_ index: Int, _ violations: [Violation]) {
        precondition(index >= (violating.last?.index ?? -1) + 1, "violations flagged out of order")
        violating.append((index, violations))
    }

    /// Drops every successor and record, keeping the capacity.
    mutating func removeAll() {
        states.removeAll()
        fingerprints.removeAll(keepingCapacity: true)
        actionIndices.removeAll(keepingCapacity: true)
        ops.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        violating.removeAll(keepingCapacity: true)
    }

    /// Drops the last `n` successors and their records.
    mutating func removeLast(_ n: Int) {
        if n == 0 { return }
        states.removeLast(n)
        fingerprints.removeLast(n)
        actionIndices.removeLast(n)
        ops.removeLast(n)
        parents.removeLast(n)
        while let last = violating.last, last.index >= count { violating.removeLast() }
    }
}
