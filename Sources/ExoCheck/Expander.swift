import ExoCore

/// Successor generation shared by every strategy: enabled actions, the
/// partial-order ample set with its cycle proviso, apply, fingerprint,
/// invariant check and coverage counting.
///
/// One expander belongs to one thread and reuses its encoder and buffers, so
/// expanding a state allocates nothing beyond what the model's own `apply`
/// allocates once the buffers have grown.
struct Expander<M: Model, K: FingerprintKey> {
    let model: M
    let hooks: ReductionHooks<M>

    /// The successors of the last `expand` call, in action order.
    private(set) var states: [M.State] = []
    private(set) var fingerprints: [K] = []
    /// Index of the action (in the enabled list) that produced each successor.
    private(set) var actionIndices: [UInt32] = []
    /// `Event.op` of each successor's step.
    private(set) var ops: [UInt16] = []

    /// Transitions taken per `Event.op`.
    private(set) var coverage: [UInt64] = []
    private(set) var generated: UInt64 = 0
    private(set) var reducedStates: UInt64 = 0
    private(set) var skippedTransitions: UInt64 = 0

    private var encoder = CanonicalEncoder(capacity: 1024)
    private var actions: [M.Action] = []
    private var footprints: [Footprint] = []
    private var ample: [Int] = []
    private var found: [Violation] = []

    init(model: M, hooks: ReductionHooks<M>) {
        self.model = model
        self.hooks = hooks
    }

    var count: Int { states.count }

    /// The fingerprint of `state` (symmetric encoding when symmetry is on).
    mutating func fingerprint(of state: M.State) -> K {
        encoder.reset()
        if let sym = hooks.symmetric {
            sym(state, &encoder)
        } else {
            model.fingerprintBytes(of: state, into: &encoder)
        }
        return K.hashing(encoder)
    }

    /// Bytes of the last fingerprint encoding (a proxy for state size).
    var lastEncodedSize: Int { encoder.count }

    /// The invariants `state` violates, or nil (allocates only on a violation).
    mutating func violations(of state: M.State) -> [Violation]? {
        found.removeAll(keepingCapacity: true)
        model.check(state, into: &found)
        return found.isEmpty ? nil : found
    }

    /// Computes the successors of `state` into `states`/`fingerprints`/...
    /// `visited` answers the cycle proviso of partial-order reduction.
    mutating func expand(_ state: M.State, visited: FingerprintSet<K>) {
        states.removeAll(keepingCapacity: true)
        fingerprints.removeAll(keepingCapacity: true)
        actionIndices.removeAll(keepingCapacity: true)
        ops.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        model.actions(of: state, into: &actions)
        if actions.isEmpty { return }

        if hooks.partialOrder, actions.count > 1, chooseAmple(state) {
            for i in ample { step(state, i) }
            var closesCycle = false
            for fp in fingerprints where visited.contains(fp) { closesCycle = true; break }
            if !closesCycle {
                reducedStates += 1
                skippedTransitions += UInt64(actions.count - ample.count)
                return
            }
            // Proviso: an ample successor was seen before, so this state
            // could lie on a cycle that postpones the other actions forever.
            // Expand fully, in action order, reusing nothing.
            uncount(ample.count)
            states.removeAll(keepingCapacity: true)
            fingerprints.removeAll(keepingCapacity: true)
            actionIndices.removeAll(keepingCapacity: true)
            ops.removeAll(keepingCapacity: true)
        }
        for i in 0..<actions.count { step(state, i) }
    }

    @inline(__always) private mutating func step(_ state: M.State, _ i: Int) {
        var next = state
        let event = model.apply(actions[i], to: &next)
        let fp = fingerprint(of: next)
        let op = Int(event.op)
        if op >= coverage.count { coverage.append(contentsOf: repeatElement(0, count: op + 1 - coverage.count)) }
        coverage[op] &+= 1
        generated &+= 1
        states.append(next)
        fingerprints.append(fp)
        actionIndices.append(UInt32(truncatingIfNeeded: i))
        ops.append(event.op)
    }

    /// Takes back the coverage of the last `n` successors (proviso retry).
    private mutating func uncount(_ n: Int) {
        for j in (ops.count - n)..<ops.count { coverage[Int(ops[j])] &-= 1 }
        generated &-= UInt64(n)
    }

    /// Picks the first actor (in action order) whose enabled actions all lie
    /// outside every other actor's reach, when that is a proper subset of
    /// the enabled actions. Leaves the indices in `ample`.
    private mutating func chooseAmple(_ state: M.State) -> Bool {
        guard let footprintOf = hooks.footprint, let reachOf = hooks.othersReach else { return false }
        footprints.removeAll(keepingCapacity: true)
        for a in actions {
            guard let f = footprintOf(a, state) else { return false }
            footprints.append(f)
        }
        var i = 0
        while i < footprints.count {
            let actor = footprints[i].actor
            // Consider each actor once: at its first action.
            var firstSeen = true
            for j in 0..<i where footprints[j].actor == actor { firstSeen = false; break }
            if firstSeen {
                ample.removeAll(keepingCapacity: true)
                let reach = reachOf(actor, state)
                var independent = true
                for j in i..<footprints.count where footprints[j].actor == actor {
                    if footprints[j].resources & reach != 0 { independent = false; break }
                    ample.append(j)
                }
                if independent && ample.count < footprints.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Adds this expander's counters into `into` and clears them.
    mutating func drainCounters(into totals: inout Counters) {
        totals.generated &+= generated
        totals.reducedStates &+= reducedStates
        totals.skippedTransitions &+= skippedTransitions
        if totals.coverage.count < coverage.count {
            totals.coverage.append(contentsOf: repeatElement(0, count: coverage.count - totals.coverage.count))
        }
        for (op, n) in coverage.enumerated() { totals.coverage[op] &+= n }
        generated = 0; reducedStates = 0; skippedTransitions = 0
        for op in coverage.indices { coverage[op] = 0 }
    }
}

/// Run-wide counters, summed from the expanders (sums do not depend on order).
struct Counters {
    var generated: UInt64 = 0
    var reducedStates: UInt64 = 0
    var skippedTransitions: UInt64 = 0
    var coverage: [UInt64] = []
}
