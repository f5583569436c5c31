import ExoCore

/// Makes a counterexample shorter by leaving steps out, as a tester shrinks
/// a failing input: the path still starts at the initial state, every step
/// is still enabled where it is taken, and the state it ends in still
/// violates the same invariant (headlining it). Only a breadth-first search
/// of the unreduced state space promises the shortest path; a depth-first
/// search, a random walk, or a breadth-first search whose partial-order
/// reduction postponed other actors' steps find longer ones, padded with
/// steps that have nothing to do with the violation.
///
/// The search is greedy and deterministic (delta debugging's shape): first
/// runs of steps are left out, halving their length from half the path down
/// to two, then single steps and pairs of steps until none can go. A step is the
/// action itself, matched by `==` among the enabled actions of the state
/// the shorter path reaches (a choice names its actor, branch and operands,
/// not its index), so the result replays on the model with no reduction.
/// When a state before the end of a candidate already violates the
/// invariant, the candidate ends there. The result is locally minimal (no
/// step and no two steps can go), not always the shortest path.
///
/// Every candidate is run from the initial state; `budget` bounds the steps
/// taken over all of them, so a long path costs a bounded amount of work,
/// and the answer depends on the path and the budget only (never on time
/// or threads).
public struct CounterexampleShortener<M: Model> {
    public let model: M
    /// Steps (apply plus check) the search may take over all candidates.
    public let budget: Int
    private(set) var spent = 0

    public static var defaultBudget: Int { 250_000 }

    public init(model: M, budget: Int = Self.defaultBudget) {
        self.model = model
        self.budget = budget
    }

    /// A path no longer than `path` (action indices from the initial state,
    /// as `Model.replay` takes them) whose last state violates `invariant`
    /// first, or nil when `path` does not replay to such a state.
    public mutating func shorten(_ path: [UInt32], invariant: String) -> [UInt32]? {
        guard let replay = model.replay(path: path), replay.violations.first?.invariant == invariant else { return nil }
        var best = replay.actions
        var bestIndices = path
        func attempt(_ candidate: [M.Action]) -> Bool {
            guard let (kept, indices) = run(candidate, invariant: invariant) else { return false }
            best = kept
            bestIndices = indices
            return true
        }
        // Runs of steps, halving: most padding is a few long runs of other
        // actors' steps.
        var size = best.count / 2
        while size > 1 {
            var start = 0
            while start < best.count && spent < budget {
                let end = min(best.count, start + size)
                if !attempt(Array(best[..<start] + best[end...])) { start += size }
            }
            size /= 2
        }
        // Single steps, then pairs (a step and the one that undoes it, an
        // alloc and its free, can only go together), until none can go.
        var changed = true
        while changed && spent < budget {
            changed = false
            var i = 0
            while i < best.count && spent < budget {
                var candidate = best
                candidate.remove(at: i)
                if attempt(candidate) { changed = true } else { i += 1 }
            }
            i = 0
            pairs: while i < best.count && spent < budget {
                var j = i + 1
                while j < best.count && spent < budget {
                    var candidate = best
                    candidate.remove(at: j)
                    candidate.remove(at: i)
                    if attempt(candidate) {
                        changed = true
                        continue pairs
                    }
                    j += 1
                }
                i += 1
            }
        }
        return bestIndices
    }

    /// Runs `candidate` from the initial state; the actions up to the first
    /// state whose first violation is `invariant`, with their indices, or
    /// nil when a step is not enabled, the budget runs out, or no state
    /// violates it first. A state that violates another invariant first
    /// ends the candidate too (the search would not have gone on from it).
    private mutating func run(_ candidate: [M.Action], invariant: String) -> ([M.Action], [UInt32])? {
        var state = model.initialState()
        var enabled: [M.Action] = []
        var found: [Violation] = []
        var indices: [UInt32] = []
        for (k, action) in candidate.enumerated() {
            if spent >= budget { return nil }
            spent += 1
            enabled.removeAll(keepingCapacity: true)
            model.actions(of: state, into: &enabled)
            guard let at = enabled.firstIndex(of: action) else { return nil }
            _ = model.apply(action, to: &state)
            indices.append(UInt32(at))
            found.removeAll(keepingCapacity: true)
            model.check(state, into: &found)
            if let first = found.first {
                return first.invariant == invariant ? (Array(candidate[...k]), indices) : nil
            }
        }
        return nil
    }
}
