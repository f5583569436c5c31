import ExoCore

extension Engine {
    /// Depth-first search over an explicit stack (one thread). A successor
    /// is fingerprinted, stored with its parent link and checked when it is
    /// generated; successors are pushed so that the lowest action index is
    /// explored first. Counterexamples follow the DFS tree (not shortest).
    ///
    /// A state is expanded once, at the depth it was first reached: with
    /// `maxDepth`, one first reached at the bound and later along a shorter
    /// path is not expanded again, so a depth-bounded search can miss states
    /// within the bound that breadth-first search finds (SPIN without
    /// `-DREACH` does the same). The summary says so when the bound cut the
    /// search (`ExploreSummary.text`). The states the bound left unexpanded
    /// are counted in `queued`, as the frontier breadth-first search stops
    /// at is.
    func runDFS() {
        var expander = makeExpander()
        let s0 = model.initialState()
        guard startInitial(&expander, state: s0, withLinks: true) else { return }
        var stack: [(state: M.State, id: UInt32, depth: Int)] = [(s0, 0, 0)]
        var depthCut = false
        // States popped at the depth bound, not expanded.
        var atBound = 0
        var steps = 0
        while !stop, let top = stack.popLast() {
            if let md = options.maxDepth, top.depth >= md {
                if !model.actions(of: top.state).isEmpty { depthCut = true }
                atBound += 1
                continue
            }
            expander.clear()
            expander.expand(top.state, parent: top.id, visited: visited, keep: .unvisited)
            let base = stack.count
            admitSuccessors(of: expander.output, depth: top.depth + 1) { state, id in
                stack.append((state, id, top.depth + 1))
            }
            stack[base...].reverse()
            steps += 1
            if steps & 1023 == 0 {
                expander.drainCounters(into: &counters)
                queued = stack.count
                checkBounds(pending: queued)
                reportProgress()
            }
        }
        expander.drainCounters(into: &counters)
        queued = stack.count + atBound
        if depthCut && !stop { halt(.depth) }
        reportProgress(force: true)
    }
}
