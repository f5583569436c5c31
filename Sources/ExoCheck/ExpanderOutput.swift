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
    /// States expanded into this output in which nothing can change any
    /// more and that break an invariant for it (`Model.stutterViolation`),
    /// in expansion order: the id the caller gave the state, its
    /// fingerprint, and how many successors were kept before it (where it
    /// falls among them in generation order).
    private(set) var stuck: [(position: Int, id: UInt32, fingerprint: K, violations: [Violation])] = []

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

    /// Marks the state just expanded (`id`, whose successors all led back
    /// to it) as breaking `violations`; `position` is the kept count.
    mutating func flagStuck(at position: Int, state id: UInt32, fingerprint fp: K, _ violations: [Violation]) {
        precondition(position == count && position >= (stuck.last?.position ?? 0), "a stuck state flagged out of order")
        stuck.append((position, id, fp, violations))
    }

    /// Drops every successor and record, keeping the capacity.
    mutating func removeAll() {
        states.removeAll()
        fingerprints.removeAll(keepingCapacity: true)
        actionIndices.removeAll(keepingCapacity: true)
        ops.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        violating.removeAll(keepingCapacity: true)
        stuck.removeAll(keepingCapacity: true)
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
        while let last = stuck.last, last.position > count { stuck.removeLast() }
    }
}
