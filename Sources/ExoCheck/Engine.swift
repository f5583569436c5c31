import ExoCore

/// The state of one search, shared by the three strategies: the visited set,
/// parent links, counters, bounds, violations and progress. Strategies live
/// in extensions (`Engine+BFS`, `Engine+DFS`, `Engine+Random`).
///
/// The stored properties the admission path writes skip Swift's dynamic
/// exclusivity check (a runtime call per access, 1.6% of a BFS run's
/// instructions, all of it in the serial merge): one thread at a time owns
/// an engine (BFS workers merge one at a time, under `ChunkCursor`'s mutex),
/// and the expanding workers read only `visited`, a constant reference.
final class Engine<M: Model, K: FingerprintKey> {
    let model: M
    let options: ExploreOptions
    let hooks: ReductionHooks<M>
    let visited: FingerprintSet<K>
    /// True during a pipelined BFS batch (`Engine+BFS`): admitted states go
    /// to `pending` (and `pendingKeys`, in order), kept apart so that
    /// `visited` stays read-only while workers read it, until `foldPending`
    /// moves them into `visited`.
    @exclusivity(unchecked) private(set) var batchOpen = false
    private let pending = FingerprintSet<K>(minimumCapacity: 1 << 12)
    @exclusivity(unchecked) private var pendingKeys: [K] = []
    @exclusivity(unchecked) var links = ParentLinks()
    var counters = Counters()
    @exclusivity(unchecked) var signature = SignatureAccumulator()
    var found: [FoundViolation] = []
    private var foundInvariants: [String] = []
    /// The bound that stopped the search, if any.
    @exclusivity(unchecked) var stoppedBy: Bound?
    /// True once the search must end (violation budget spent or a bound hit).
    @exclusivity(unchecked) var stop = false
    /// Depth of the deepest stored state (path length from the initial state).
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) var queued = 0
    /// Rough bytes per queued state: its in-memory size plus its encoding.
    @exclusivity(unchecked) var stateBytes = 64
    /// Where a breadth-first search spent its time (wall clock; reported,
    /// never acted on). BFS merges write `merging` one at a time.
    @exclusivity(unchecked) var phases = PhaseTimes()
    let clock = Stopwatch()
    private var nextProgress: Double

    init(model: M, options: ExploreOptions, hooks: ReductionHooks<M>) {
        self.model = model
        self.options = options
        self.hooks = hooks
        self.visited = FingerprintSet<K>(minimumCapacity: options.initialCapacity)
        self.nextProgress = options.progressInterval
    }

    func makeExpander() -> Expander<M, K> { Expander(model: model, hooks: hooks) }

    // MARK: admitting states

    enum Admission { case new, known, refused }

    /// Inserts a fingerprint unless a bound forbids it. A refusal sets
    /// `stoppedBy` and `stop`.
    @inline(__always) func admit(_ fp: K) -> Admission {
        if atCapacityBound() {
            if visited.contains(fp) || (batchOpen && pending.contains(fp)) { return .known }
            return .refused
        }
        if batchOpen {
            // No look in `visited`: during a pending batch only workers'
            // successors come here, already filtered against it, and it
            // does not change until `foldPending` (which checks that each
            // state is new to it). One cache miss per state saved.
            if !pending.insert(fp) { return .known }
            // Follow the capacity `visited` will have once this is folded in.
            if FingerprintSet<K>.wouldGrow(count: distinctCount + 1, capacity: plannedCapacity) {
                plannedCapacity = FingerprintSet<K>.grown(plannedCapacity)
            }
            pendingKeys.append(fp)
        } else if !visited.insert(fp) {
            return .known
        }
        signature.add(fp)
        return .new
    }

    /// Distinct states admitted so far (pending ones included).
    var distinctCount: Int { visited.count + pendingKeys.count }

    private func atCapacityBound() -> Bool {
        let limit = min(options.maxStates ?? ParentLinks.maxStates, ParentLinks.maxStates)
        if distinctCount >= limit {
            halt(.states)
            return true
        }
        // As if every admitted state were in `visited` already (pending ones
        // included, the pending set itself not): the bound must stop every
        // jobs count at the same state.
        let capacity = batchOpen ? plannedCapacity : visited.capacity
        if let mem = options.memoryLimit, FingerprintSet<K>.wouldGrow(count: distinctCount + 1, capacity: capacity),
           FingerprintSet<K>.bytesDuringGrowth(from: capacity) + links.bytes + queued * stateBytes > mem {
            halt(.memory)
            return true
        }
        return false
    }

    /// Starts keeping admitted states apart from `visited` (see `pending`).
    func beginPending() {
        precondition(!batchOpen && pendingKeys.isEmpty && pending.count == 0, "a pending batch is already open")
        batchOpen = true
        plannedCapacity = visited.capacity
    }

    /// Moves the pending states into `visited` and closes the batch.
    func foldPending() {
        precondition(batchOpen, "foldPending without beginPending")
        // The keys land in random slots of a table of millions: each
        // insert's first probe is a cache miss. Asking for the slot a few
        // keys ahead lets those misses overlap instead of queueing.
        pendingKeys.withUnsafeBufferPointer { keys in
            for j in keys.indices {
                visited.prefetch(ahead: Engine.probeLookahead, of: j, in: keys)
                let fresh = visited.insert(keys[j])
                precondition(fresh, "a pending state was already visited")
            }
        }
        precondition(visited.capacity == plannedCapacity, "the visited set grew other than planned")
        pendingKeys.removeAll(keepingCapacity: true)
        pending.removeAll()
        batchOpen = false
    }

    /// How many keys ahead `foldPending` and `admitSuccessors` ask for a slot.
    private static var probeLookahead: Int { 16 }

    /// The capacity `visited` will have once the pending states are folded in.
    @exclusivity(unchecked) private var plannedCapacity = 0

    func halt(_ bound: Bound) {
        if stoppedBy == nil { stoppedBy = bound }
        stop = true
    }

    /// Estimated bytes held: visited set, parent links and queued states.
    var memoryEstimate: Int { visited.bytes + (batchOpen ? pending.bytes : 0) + links.bytes + queued * stateBytes }

    /// Checks the wall-clock and memory bounds between units of work.
    func checkBounds(pending: Int) {
        if let t = options.timeLimit, clock.seconds >= t { halt(.time) }
        if let mem = options.memoryLimit, visited.bytes + links.bytes + pending * stateBytes > mem { halt(.memory) }
    }

    /// Admits an expander's kept successors (`output`) in the order they
    /// were generated: a new one gets the next id and a parent link at
    /// `depth`; if it breaks an invariant it is recorded, otherwise `keep`
    /// receives it (moved out). Stops admitting once the search must stop.
    /// The states not kept (repeats of states admitted from other chunks,
    /// the violating, those after a stop) stay in `output` until it is next
    /// expanded into: in BFS by the worker that takes it from the pool
    /// (`ChunkOutputs`), in parallel, not this merging thread. Shared by BFS
    /// (a chunk's output) and DFS (one expansion's).
    func admitSuccessors(of output: borrowing ExpanderOutput<M.State, K>, depth d: Int,
                         _ keep: (consuming M.State, UInt32) -> Void) {
        // The records stay in the output until its next run (these local
        // copies are released before then); only the states move.
        let fingerprints = output.fingerprints, parents = output.parents
        let actions = output.actionIndices, violating = output.violating, stuck = output.stuck
        precondition(fingerprints.count == output.states.count, "an output's states and records out of step")
        admitted.removeAll(keepingCapacity: true)
        // Nearly every successor a chunk hands over is new, and each goes
        // into the pending set, which holds the batch's keys and is out of
        // the core's own caches by the time the merge runs: its probe was
        // four fifths of the merge's samples. Ask for the slots a few
        // successors ahead, as `foldPending` does for the visited set.
        var v = 0
        // The expanded states that can never change (each admitted and
        // checked before), in generation order among the successors.
        var s = 0
        func recordStuck(upTo position: Int) {
            while s < stuck.count && stuck[s].position <= position {
                if !stop { record(stuck[s].violations, path: links.path(to: stuck[s].id), fingerprint: stuck[s].fingerprint) }
                s += 1
            }
        }
        for j in fingerprints.indices {
            if s < stuck.count { recordStuck(upTo: j) }
            if batchOpen { pending.prefetch(ahead: Engine.probeLookahead, of: j, in: fingerprints) }
            var kept = Engine.notKept
            let flagged = v < violating.count && violating[v].index == j
            if flagged { v += 1 }
            if !stop, case .new = admit(fingerprints[j]) {
                let id = links.append(parent: parents[j], action: actions[j])
                precondition(id != Engine.notKept, "state id collides with the not-kept mark")
                if depth < d { depth = d }
                if flagged {
                    record(violating[v - 1].violations, path: links.path(to: id), fingerprint: fingerprints[j])
                } else {
                    kept = id
                }
            }
            admitted.append(kept)
        }
        recordStuck(upTo: fingerprints.count)
        let ids = admitted
        output.states.moveOut(where: { ids[$0] != Engine.notKept }) { j, state in keep(consume state, ids[j]) }
    }

    /// `admitSuccessors`' scratch: the id of each successor kept, in order.
    @exclusivity(unchecked) private var admitted: [UInt32] = []
    private static var notKept: UInt32 { .max }

    // MARK: violations

    /// Records a violating state. Returns false when `--continue` already
    /// holds a violation of the same invariants (it is then not counted).
    /// The invariants no earlier violation reported come first, so the one
    /// that made this violation new is its headline (`FoundViolation.first`,
    /// which names its trace), not one reported already.
    @discardableResult
    func record(_ violations: [Violation], path: [UInt32], fingerprint fp: K) -> Bool {
        if options.maxViolations > 1 {
            let fresh = violations.contains { v in !foundInvariants.contains(v.invariant) }
            if !fresh { return false }
        }
        let ordered = FoundViolation.newFirst(violations, reportedBefore: foundInvariants)
        for v in violations where !foundInvariants.contains(v.invariant) { foundInvariants.append(v.invariant) }
        let w = fp.words
        let v = FoundViolation(violations: ordered, path: path, fingerprintLow: w.low, fingerprintHigh: w.high)
        found.append(v)
        if !notificationsDeferred { notifyViolations() }
        if found.count >= max(1, options.maxViolations) { stop = true }
        return true
    }

    /// While true, `record` leaves `options.onViolation` to a later
    /// `notifyViolations`: set while BFS workers merge, since the callback
    /// is promised the caller's thread.
    @exclusivity(unchecked) var notificationsDeferred = false
    /// Violations `options.onViolation` has been told of.
    @exclusivity(unchecked) private var notified = 0

    /// Tells `options.onViolation` of each violation recorded since the last
    /// call, in order. On the caller's thread.
    func notifyViolations() {
        while notified < found.count {
            options.onViolation?(found[notified])
            notified += 1
        }
    }

    /// Admits and checks the initial state (id 0 when links are kept);
    /// returns false when it already violates: the search then has nothing
    /// to expand, since a violating state is never expanded (with
    /// `--continue` too).
    func startInitial(_ expander: inout Expander<M, K>, state s0: M.State, withLinks: Bool) -> Bool {
        let fp = expander.fingerprint(of: s0)
        stateBytes = MemoryLayout<M.State>.stride + 2 * expander.lastEncodedSize
        _ = admit(fp)
        if withLinks { _ = links.append(parent: ParentLinks.noParent, action: 0) }
        if let v = expander.violations(of: s0) {
            record(v, path: [], fingerprint: fp)
            return false
        }
        return !stop
    }

    // MARK: progress

    func reportProgress(force: Bool = false) {
        guard let cb = options.onProgress else { return }
        let t = clock.seconds
        if !force && t < nextProgress { return }
        nextProgress = t + options.progressInterval
        cb(ExploreProgress(
            distinct: UInt64(distinctCount), generated: counters.generated,
            statesPerSecond: t > 0 ? Double(distinctCount) / t : 0,
            depth: depth, queue: queued, elapsed: t, memory: memoryEstimate))
    }

    // MARK: result

    func result(strategy: String, jobs: Int, linksUsed: Bool) -> ExploreResult {
        let verdict: Verdict
        if !found.isEmpty { verdict = .violation }
        else if let b = stoppedBy { verdict = .boundHit(b) }
        else { verdict = .holds }
        // Every operation taken, and every one the model offers but no
        // step took (count 0), by op number.
        var coverage: [OperationCoverage] = []
        let offered = model.offeredOperations   // ascending
        for op in 0..<max(counters.coverage.count, offered.last.map { Int($0) + 1 } ?? 0) {
            let n = op < counters.coverage.count ? counters.coverage[op] : 0
            if n > 0 || offered.contains(UInt16(op)) {
                coverage.append(OperationCoverage(op: UInt16(op), name: model.operationName(UInt16(op)), count: n))
            }
        }
        precondition(!batchOpen, "a result while a pending batch is open")
        let distinct = UInt64(visited.count)
        var r = ExploreResult(
            verdict: verdict, stoppedBy: stoppedBy, strategy: strategy, jobs: jobs,
            distinct: distinct, generated: counters.generated, selfLoops: counters.selfLoops, depth: depth, queued: queued,
            elapsed: clock.seconds, nondeterministic: stoppedBy == .time || (stoppedBy == .memory && options.memoryLimitFromMachine),
            fingerprintBits: K.bitWidth, visitedBytes: visited.bytes,
            parentLinkBytes: linksUsed ? links.bytes : 0, loadFactor: visited.loadFactor,
            collision: CollisionEstimate.of(visited, generated: counters.generated),
            coverage: coverage, signature: signature.signature,
            reductions: ReductionStats(
                partialOrder: hooks.partialOrder, symmetry: hooks.symmetry,
                reducedStates: counters.reducedStates, skippedTransitions: counters.skippedTransitions),
            violations: found)
        r.statesChecked = counters.checked
        if case .bfs = options.strategy { r.phases = phases }
        return r
    }
}
