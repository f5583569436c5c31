import ExoCore

/// Which successors an expansion keeps, and whether it checks them.
enum KeepPolicy {
    /// Every successor, unchecked (random walks pick among all of them).
    case all
    /// Only successors whose fingerprint is neither in the visited set nor
    /// kept earlier in this run (since `clear`), each checked against the
    /// invariants while the expander still holds it (still in the cache).
    case unvisited
}

/// Successor generation shared by every strategy: enabled actions, the
/// partial-order ample set with its cycle proviso, apply, fingerprint,
/// invariant check and coverage counting.
///
/// Successors accumulate in the expander's output (`ExpanderOutput`)
/// across `expand` calls until `clear`, so a BFS
/// worker expands a whole chunk of the frontier into one set of buffers and
/// the engine moves the kept states on from there: a successor is copied
/// once (from its parent) and never again.
///
/// One expander belongs to one thread and reuses its encoder and buffers, so
/// expanding a state allocates nothing beyond what the model's own `apply`
/// allocates once the buffers have grown.
struct Expander<M: Model, K: FingerprintKey>: ~Copyable {
    let model: M
    let hooks: ReductionHooks<M>

    /// The kept successors and their records, in the order they were
    /// generated. A BFS worker exchanges it for its chunk's (`ChunkOutput`).
    var output = ExpanderOutput<M.State, K>()

    /// Transitions taken per `Event.op`.
    private var coverage = OpCounts()
    private(set) var generated: UInt64 = 0
    private(set) var reducedStates: UInt64 = 0
    private(set) var skippedTransitions: UInt64 = 0
    /// Steps the model recognised as leaving the state unchanged (not fingerprinted).
    private(set) var selfLoops: UInt64 = 0
    /// Successors checked against the invariants (kept ones, before the
    /// merge: with several chunks, repeats of other chunks' too).
    private(set) var checked: UInt64 = 0

    /// The batch's shared record of kept successors and this expander's
    /// chunk in it (a BFS worker with 64-bit fingerprints, several chunks
    /// per batch), or nil. Its slots, not the object: see `ChunkClaims`.
    var claims: ChunkClaims.Slots?
    var claimChunk: Int32 = 0

    /// Fingerprints kept by the expansions of this run before the current
    /// one (`.unvisited`): a repeat is dropped on the spot, since the
    /// engine's merge admits in generation order and the first occurrence
    /// wins anyway. A BFS worker so destroys most repeats, and skips their
    /// checks, on its own thread instead of leaving them to the merge.
    private let runSeen = FingerprintSet<K>(minimumCapacity: 1 << 10)
    /// Output index of the current expansion's first kept successor.
    private var expansionStart = 0

    private var encoder = CanonicalEncoder(capacity: 1024)
    private var actions: [M.Action] = []
    private var footprints: [Footprint] = []
    private var ample: [Int] = []
    private var found: [Violation] = []
    private var ampleOps: [UInt16] = []
    /// `Event.op` of the last step, kept or not.
    private var lastOp: UInt16 = 0
    /// The copy of the state under expansion that the last step left
    /// unchanged (a self-loop), handed to the next step instead of a fresh
    /// copy: two thirds of the steps of the grant/revoke benchmarks are
    /// refused calls, and this way they neither copy nor destroy a state.
    /// Emptied when the expansion ends. Holds at most one state; a buffer
    /// rather than an optional, because this compiler destroys an
    /// `Optional<State>` through the type's metadata (a generic value
    /// witness call, about 60 instructions, on every step that assigns it).
    private let spare = StateBuffer<M.State>(capacity: 1)
    /// Whether a successor is held: fingerprinted but not yet looked up
    /// (`.unvisited` only). Its state sits past the last kept one in
    /// `output.states`, its records in the three fields below. Its slots
    /// in the visited set, the run record and the batch's claims were
    /// asked for (`prefetch`) when it was fingerprinted, and it is looked up after the
    /// next step has been applied and fingerprinted: in a run of millions
    /// of states the slot is a cache miss, and the next step's work hides
    /// most of its wait. Lookups still happen one by one in generation
    /// order, so what is kept, and in which order, is unchanged.
    private var holds = false
    private var heldFingerprint = K.zero
    private var heldAction = 0
    private var heldOp: UInt16 = 0
    /// Whether the model looks for states where nothing can change
    /// (`Model.checksStutter`).
    private let checksStutter: Bool
    /// While a full expansion runs: whether every step so far left the
    /// state unchanged (a candidate for `Model.stutterViolation`).
    private var onlySelfLoops = false

    init(model: M, hooks: ReductionHooks<M>) {
        self.model = model
        self.hooks = hooks
        checksStutter = model.checksStutter
    }

    /// Kept successors since the last `clear` (consumed states included: the
    /// records stay until `clear`).
    var count: Int { output.count }

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

    /// Drops every kept successor and its records, and forgets what the
    /// run kept.
    mutating func clear() {
        runSeen.removeAll()
        clearOutput()
    }

    /// Drops every kept successor and its records, but remembers what the
    /// run kept (later expansions still drop repeats of it).
    mutating func clearOutput() {
        output.removeAll()
    }

    /// Appends the successors of `state` (whose id is `parent`) that `keep`
    /// admits. `visited` filters them and answers the cycle proviso of
    /// partial-order reduction.
    mutating func expand(_ state: M.State, parent: UInt32, visited: FingerprintSet<K>, keep: KeepPolicy) {
        actions.removeAll(keepingCapacity: true)
        model.actions(of: state, into: &actions)
        if actions.isEmpty { return }
        expansionStart = count
        defer { spare.removeAll() }
        // The successors this expansion keeps join the run's record once it
        // is over (a proviso retry may still drop the ample ones).
        defer { if case .unvisited = keep { recordRun() } }

        if hooks.seeksAmpleSets, actions.count > 1, chooseAmple(state) {
            let start = count
            var closesCycle = false
            ampleOps.removeAll(keepingCapacity: true)
            for i in ample {
                if step(state, i, parent: parent, visited: visited, keep: keep) { closesCycle = true }
                ampleOps.append(lastOp)
            }
            if settle(parent: parent, visited: visited) { closesCycle = true }
            if !closesCycle {
                reducedStates += 1
                skippedTransitions += UInt64(actions.count - ample.count)
                return
            }
            // Proviso: an ample successor was seen before, so this state
            // could lie on a cycle that postpones the other actions forever.
            // Expand fully, in action order, reusing nothing.
            uncountAmple()
            output.removeLast(count - start)
        }
        onlySelfLoops = checksStutter
        for i in 0..<actions.count { _ = step(state, i, parent: parent, visited: visited, keep: keep) }
        _ = settle(parent: parent, visited: visited)
        // Every step led back here: the world cannot change any more. The
        // model decides whether that breaks anything (it applies every
        // action again; this happens once per such state).
        if onlySelfLoops {
            onlySelfLoops = false
            if let v = model.stutterViolation(of: state) {
                output.flagStuck(at: count, state: parent, fingerprint: fingerprint(of: state), [v])
            }
        }
    }

    /// Takes action `i` from `state`. Returns whether a successor was found
    /// already visited: this step's when the policy is `.all` (asked only
    /// when partial-order reduction needs it) or the step loops back; the
    /// held successor's, which this step settles, otherwise. The expansion
    /// settles the last one itself.
    @inline(__always) private mutating func step(_ state: M.State, _ i: Int, parent: UInt32,
                                                 visited: FingerprintSet<K>, keep: KeepPolicy) -> Bool {
        var next = spare.isEmpty ? state : spare.takeLast()
        let event = model.apply(actions[i], to: &next)
        lastOp = event.op
        let op = Int(event.op)
        coverage.add(op)
        generated &+= 1
        // A step that changed nothing (a refused call that loops back, say:
        // two thirds of the grant-revoke bench's transitions) leads to the state
        // itself, which every strategy that filters has admitted before
        // expanding it: known, without encoding or hashing. Equal values
        // encode alike, so this is the answer the fingerprint would give.
        // The model answers from buffer identity; an equal state it does not
        // recognise goes on to the fingerprint, which finds it visited.
        if case .unvisited = keep, model.isUnchanged(next, from: state) {
            selfLoops &+= 1
            spare.append(consume next)
            return true
        }
        // Compared only while no step of this expansion has changed the
        // state (usually just its first step that is not a self-loop). A
        // step that `isUnchanged` recognised has returned above, unless
        // this is a random walk's expansion, which has not asked.
        if onlySelfLoops {
            let same: Bool
            if case .unvisited = keep { same = next == state } else { same = model.isSame(next, as: state) }
            if !same { onlySelfLoops = false }
        }
        let fp = fingerprint(of: next)
        switch keep {
        case .all:
            let known = hooks.seeksAmpleSets && visited.contains(fp)
            append(consume next, fingerprint: fp, action: i, op: event.op, parent: parent)
            return known
        case .unvisited:
            // Every table the lookup may probe. The run's record holds a
            // batch's kept successors (half a megabyte on the large bench)
            // and the batch's claims are three quarters of one, shared by
            // the workers: out of a core's own caches, and not prefetched,
            // their probes were a fifth and a seventh of this loop's
            // samples (one thread; two).
            visited.prefetch(fp)
            runSeen.prefetch(fp)
            claims?.prefetch(fp.slotBits)
            let earlierKnown = settle(parent: parent, visited: visited)
            output.states.append(consume next)
            holds = true
            heldFingerprint = fp
            heldAction = i
            heldOp = event.op
            return earlierKnown
        }
    }

    /// Looks the held successor up: drops it when it was visited or kept
    /// before, else checks it and keeps it. Returns whether it was already
    /// visited (false when none is held).
    @inline(__always) private mutating func settle(parent: UInt32, visited: FingerprintSet<K>) -> Bool {
        guard holds else { return false }
        holds = false
        // `step` placed the held state right after the kept ones.
        precondition(output.states.count == count + 1, "the held successor is not the last state")
        let fp = heldFingerprint
        if visited.contains(fp) {
            retire(output.states.takeLast())
            return true
        }
        if repeatsThisRun(fp) {
            retire(output.states.takeLast())
            return false
        }
        // Kept by an earlier chunk of the batch: that copy is admitted first.
        if let claims, !claims.keeps(fp.slotBits, chunk: claimChunk) {
            retire(output.states.takeLast())
            return false
        }
        checked &+= 1
        if let v = violations(of: output.states[count]) { output.flag(count, v) }
        output.appendRecords(fingerprint: fp, action: heldAction, op: heldOp, parent: parent)
        return false
    }

    /// Drops a state, letting the model keep storage it alone held for
    /// reuse on this thread (`Model.recycle`).
    @inline(__always) func retire(_ state: consuming M.State) {
        var dead = state
        model.recycle(&dead)
    }

    /// Keeps `next` and its records.
    @inline(__always) private mutating func append(_ next: consuming M.State, fingerprint fp: K, action i: Int,
                                                   op: UInt16, parent: UInt32) {
        output.states.append(consume next)
        output.appendRecords(fingerprint: fp, action: i, op: op, parent: parent)
    }

    /// Whether `fp` was kept earlier in this run: by an earlier expansion, or
    /// by this one (a short scan: an expansion keeps a few dozen at most).
    @inline(__always) private func repeatsThisRun(_ fp: K) -> Bool {
        if runSeen.contains(fp) { return true }
        var j = expansionStart
        while j < output.count {
            if output.fingerprints[j] == fp { return true }
            j += 1
        }
        return false
    }

    /// Adds the current expansion's kept successors to the run's record.
    private mutating func recordRun() {
        for j in expansionStart..<count { runSeen.insert(output.fingerprints[j]) }
    }

    /// Takes back the coverage of the ample steps (proviso retry).
    private mutating func uncountAmple() {
        for op in ampleOps { coverage.subtract(Int(op)) }
        generated &-= UInt64(ampleOps.count)
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
        totals.selfLoops &+= selfLoops
        totals.skippedTransitions &+= skippedTransitions
        totals.checked &+= checked
        coverage.drain(into: &totals.coverage)
        generated = 0; reducedStates = 0; skippedTransitions = 0; selfLoops = 0; checked = 0
    }
}

/// Run-wide counters, summed from the expanders (sums do not depend on order).
struct Counters {
    var generated: UInt64 = 0
    var reducedStates: UInt64 = 0
    var selfLoops: UInt64 = 0
    var skippedTransitions: UInt64 = 0
    var checked: UInt64 = 0
    var coverage: [UInt64] = []
}
