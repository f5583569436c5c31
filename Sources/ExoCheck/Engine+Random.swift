import ExoCore

extension Engine {
    /// Random walks, swarm style (one thread). Walk `w` draws its seed from
    /// SplitMix64(seed + w); that seed gives both its PRNG stream and its
    /// operation weights (a quarter of the operations switched off, the
    /// rest weighted 1...7), so different walks stress different mixes.
    /// Every successor of every visited state is generated, counted and —
    /// when new to the visited set — checked; the walk then moves to one of
    /// them chosen by weight. A violation's path is the walk so far plus the
    /// violating step. A walk ends at the first violating state it moves
    /// to (breadth- and depth-first search never expand one either), so
    /// every path it records under `--continue` ends in its first
    /// violating state.
    func runRandom(seed: UInt64, walks: Int, walkDepth: Int) {
        var expander = makeExpander()
        let s0 = model.initialState()
        guard startInitial(&expander, state: s0, withLinks: false) else { return }
        let limit = min(walkDepth, options.maxDepth ?? Int.max)
        var path: [UInt32] = []
        var weights: [UInt64] = []
        // The states found violating (each checked once, when new): a walk
        // that moves to one ends there.
        let violating = FingerprintSet<K>(minimumCapacity: 16)
        var w = 0
        var steps = 0
        walking: while w < walks && !stop {
            var mixer = SplitMix64(state: seed &+ UInt64(w))
            let walkSeed = mixer.next()
            var prng = PRNG(seed: walkSeed)
            var state = s0
            path.removeAll(keepingCapacity: true)
            while path.count < limit {
                expander.clear()
                expander.expand(state, parent: 0, visited: visited, keep: .all)
                if let stuck = expander.output.stuck.first {
                    // Nothing can change here: the walk would only repeat it.
                    record(stuck.violations, path: path, fingerprint: stuck.fingerprint)
                    if stop { break walking }
                    break
                }
                if expander.count == 0 { break }
                for j in 0..<expander.count {
                    let fp = expander.output.fingerprints[j]
                    let admission = admit(fp)
                    if case .refused = admission { break walking }
                    guard case .new = admission else { continue }
                    if let v = expander.violations(of: expander.output.states[j]) {
                        _ = violating.insert(fp)
                        if depth < path.count + 1 { depth = path.count + 1 }
                        record(v, path: path + [expander.output.actionIndices[j]], fingerprint: fp)
                        if stop { break walking }
                    }
                }
                weights.removeAll(keepingCapacity: true)
                var total: UInt64 = 0
                for op in expander.output.ops {
                    let wt = Self.weight(of: op, walkSeed: walkSeed)
                    weights.append(wt)
                    total += wt
                }
                var pick: Int
                if total == 0 {
                    pick = prng.index(expander.count)
                } else {
                    var r = prng.below(total)
                    pick = 0
                    while r >= weights[pick] { r -= weights[pick]; pick += 1 }
                }
                // A violating state ends the walk, whether it was found
                // just now or when first reached (by this walk or another).
                // (Without --continue the first violation stops the run,
                // so the set is empty here: no lookup per step.)
                if options.maxViolations > 1 && violating.contains(expander.output.fingerprints[pick]) { break }
                state = expander.output.states[pick]
                path.append(expander.output.actionIndices[pick])
                if depth < path.count { depth = path.count }
                steps += 1
                if steps & 1023 == 0 {
                    expander.drainCounters(into: &counters)
                    checkBounds(pending: 0)
                    reportProgress()
                    if stop { break walking }
                }
            }
            w += 1
        }
        expander.drainCounters(into: &counters)
        if !stop { halt(.walks) }
        reportProgress(force: true)
    }

    /// A walk's weight for an operation: 0 (switched off) one time in four,
    /// otherwise 1...7, all drawn from the walk seed and the operation.
    static func weight(of op: UInt16, walkSeed: UInt64) -> UInt64 {
        var m = SplitMix64(state: walkSeed ^ (UInt64(op) &* 0x9E37_79B9_7F4A_7C15))
        let h = m.next()
        return h & 3 == 0 ? 0 : 1 + (h >> 2) % 7
    }
}
