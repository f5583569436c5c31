import ExoCore

/// Makes a counterexample shorter by leaving steps out, as a tester shrinks
/// a failing input: the path still starts at the initial state, every step
/// is still enabled where it is taken, and the state it ends in still
/// violates the same invariant (headlining it) and every other invariant
/// the original end violated. Only a breadth-first search
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
    /// first and every invariant in `alsoKeeping` too, or nil when `path`
    /// does not replay to such a state. (A state the search recorded may
    /// violate several invariants; under `--continue` it was recorded for
    /// one of them, and an `expect violation X` line may name any: none of
    /// them may be lost.) `reportedBefore` are the invariants counterexamples
    /// recorded before this one reported: the engine puts them after the
    /// others (`FoundViolation.newFirst`), so `invariant` must come first
    /// among the rest.
    public mutating func shorten(_ path: [UInt32], invariant: String, alsoKeeping: [String] = [],
                                 reportedBefore: [String] = []) -> [UInt32]? {
        let target = Target(headline: invariant, all: alsoKeeping, reportedBefore: reportedBefore)
        guard let replay = model.replay(path: path), target.isMet(by: replay.violations) else { return nil }
        var best = replay.actions
        var bestIndices = path
        func attempt(_ candidate: [M.Action]) -> Bool {
            guard let (kept, indices) = run(candidate, target) else { return false }
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

    /// What the end of a shortened path must violate: `headline` first
    /// (among the invariants not in `reportedBefore`, as
    /// `FoundViolation.newFirst` orders them), and every invariant of `all`.
    struct Target {
        var headline: String
        var all: [String]
        var reportedBefore: [String] = []

        func isMet(by found: [Violation]) -> Bool {
            let first = found.first { !reportedBefore.contains($0.invariant) } ?? found.first
            return first?.invariant == headline && all.allSatisfy { name in found.contains { $0.invariant == name } }
        }
    }

    /// Runs `candidate` from the initial state; the actions up to the first
    /// state that meets `target`, with their indices, or nil when a step is
    /// not enabled, the budget runs out, or no state meets it. A violating
    /// state that does not meet it ends the candidate too (breadth- and
    /// depth-first search do not go on from a violating state).
    private mutating func run(_ candidate: [M.Action], _ target: Target) -> ([M.Action], [UInt32])? {
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
            model.checkAll(state, into: &found)
            if !found.isEmpty {
                return target.isMet(by: found) ? (Array(candidate[...k]), indices) : nil
            }
        }
        return nil
    }
}
