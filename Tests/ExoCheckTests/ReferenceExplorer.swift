import ExoCore

/// A deliberately naive breadth-first explorer for tests: keeps the full
/// canonical bytes of every state (no fingerprints, no reductions), so its
/// counts and shortest violation depth are ground truth.
struct ReferenceExplorer<M: Model> {
    let model: M

    /// Distinct states and the depth of the shallowest violating state.
    func explore() -> (distinct: Int, shortestViolation: Int?) {
        var seen: Set<[UInt8]> = []
        var frontier = [model.initialState()]
        seen.insert(frontier[0].canonicalBytes)
        var depth = 0
        var shortest: Int? = model.violations(of: frontier[0]).isEmpty ? nil : 0
        while !frontier.isEmpty {
            var next: [M.State] = []
            for s in frontier {
                for a in model.actions(of: s) {
                    var t = s
                    _ = model.apply(a, to: &t)
                    if seen.insert(t.canonicalBytes).inserted {
                        if shortest == nil && !model.violations(of: t).isEmpty { shortest = depth + 1 }
                        next.append(t)
                    }
                }
            }
            frontier = next
            depth += 1
        }
        return (seen.count, shortest)
    }
}
