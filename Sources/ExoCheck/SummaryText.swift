import Foundation

extension ExploreSummary {
    /// The summary for people: one fact per line, the same fields as the JSON.
    public func text() -> String {
        var s = "verdict: \(verdict)"
        if let b = bound { s += " (stopped by the \(b) bound)" }
        s += "\n"
        s += "states: \(distinctStates) distinct, \(generatedStates) generated"
        if selfLoopTransitions > 0 { s += " (\(selfLoopTransitions) back to their own state)" }
        s += ", depth \(depth)"
        if queued > 0 { s += ", \(queued) left unexpanded" }
        s += "\n"
        s += "time: \(fixed(elapsedSeconds, 2)) s, \(Int(statesPerSecond)) states/s, \(Int(transitionsPerSecond)) transitions/s (\(strategy), jobs \(jobs))"
        if nondeterministic {
            s += bound == "memory"
                ? " [cut by the default memory bound, half of this machine's memory: counts may vary by machine; set --memory-limit]"
                : " [cut by the time bound: counts may vary]"
        }
        s += "\n"
        if strategy == "dfs" && bound == Bound.depth.rawValue {
            // Engine.runDFS: a state is expanded once, at the depth it was
            // first reached.
            s += "note: a depth-first search cut by the depth bound can miss states within the bound (a state first reached at the bound is not expanded when reached again by a shorter path); breadth-first search (--strategy bfs) does not\n"
        }
        s += "visited set: \(fingerprintBits)-bit fingerprints, \(fixed(bytesPerState, 1)) bytes/state, load \(fixed(loadFactor, 2)); parent links \(parentLinkBytes) bytes\n"
        s += "collision probability: calculated \(sci(collisionProbability))"
        if let o = collisionProbabilityObserved { s += ", observed \(sci(o))" }
        s += "\n"
        if partialOrderReduction || symmetryReduction {
            s += "reductions: partial-order \(partialOrderReduction ? "on" : "off") (\(porReducedStates) states reduced, \(porSkippedTransitions) transitions skipped), symmetry \(symmetryReduction ? "on" : "off")\n"
        }
        s += "coverage:"
        for c in coverage { s += " \(c.name) \(c.count)" }
        s += "\nsignature: \(signature)\n"
        return s
    }
}

extension ExploreProgress {
    /// One progress line, e.g. for a terminal redraw or a periodic log line.
    public var line: String {
        "distinct \(distinct)  generated \(generated)  \(Int(statesPerSecond)) states/s  depth \(depth)  queue \(queue)  \(fixed(elapsed, 1)) s  mem \(memory / (1 << 20)) MiB"
    }
}

private func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
private func sci(_ v: Double) -> String { String(format: "%.2e", v) }
