import ExoCore

/// Why a search stopped before covering the whole state space.
public enum Bound: String, Equatable, Codable, Sendable {
    case depth, states, time, memory
    /// The random-walk budget was spent (random search is never exhaustive).
    case walks
}

/// The outcome of a search.
public enum Verdict: Equatable, Sendable {
    /// Every reachable state was checked and none violates an invariant.
    case holds
    /// At least one violation was found (see `ExploreResult.violations`).
    case violation
    /// No violation was found, but a bound stopped the search.
    case boundHit(Bound)

    /// `holds`, `violation` or `bound-hit`.
    public var name: String {
        switch self {
        case .holds: return "holds"
        case .violation: return "violation"
        case .boundHit: return "bound-hit"
        }
    }
}

/// A violating state and how to reach it.
public struct FoundViolation: Equatable, Codable, Sendable {
    /// Every property the state violates, as the model reported them.
    public var violations: [Violation]
    /// Action indices from the initial state (replay with `Explorer.replay`).
    public var path: [UInt32]
    /// The violating state's fingerprint, low 64 bits then high (high is 0 for 64-bit).
    public var fingerprintLow: UInt64
    public var fingerprintHigh: UInt64
    /// The length of the path as the search found it, when
    /// `CounterexampleShortener` then found a shorter one (nil: `path` is
    /// the path as found).
    public var foundDepth: Int? = nil

    public var depth: Int { path.count }
    /// The first violation (the one a timeline headlines).
    public var first: Violation { violations[0] }

    /// `violations` with those whose invariant is not in `reportedBefore`
    /// first, each part in the model's order: under `--continue` a state
    /// recorded for an invariant not reported yet headlines that one, even
    /// when it also violates one reported already.
    static func newFirst(_ violations: [Violation], reportedBefore: [String]) -> [Violation] {
        if reportedBefore.isEmpty { return violations }
        let fresh = violations.filter { !reportedBefore.contains($0.invariant) }
        return fresh + violations.filter { reportedBefore.contains($0.invariant) }
    }
}

/// Transitions taken per operation (`Event.op`).
public struct OperationCoverage: Equatable, Codable, Sendable {
    public var op: UInt16
    public var name: String
    public var count: UInt64
}

/// What the reductions did in this run (states saved are measured by
/// comparing with a run that has them off: see `compareReductions`).
public struct ReductionStats: Equatable, Codable, Sendable {
    public var partialOrder: Bool
    public var symmetry: Bool
    /// States expanded with a proper ample set (fewer actions than enabled).
    public var reducedStates: UInt64
    /// Transitions not taken because of partial-order reduction.
    public var skippedTransitions: UInt64
}

/// Everything a search found and measured.
public struct ExploreResult: Sendable {
    public var verdict: Verdict
    /// The bound that stopped the search, also when violations were found
    /// under `--continue`.
    public var stoppedBy: Bound?
    public var strategy: String
    public var jobs: Int
    public var distinct: UInt64
    /// Transitions taken (successor states computed, duplicates included).
    public var generated: UInt64
    /// Of those, the transitions the model recognised as leaving the state
    /// unchanged (`Model.isUnchanged`), known without a fingerprint; 0 for
    /// random walks, which do not look.
    public var selfLoops: UInt64 = 0
    /// Successors checked against the invariants before the merge. With
    /// `jobs` above 1 this counts repeats that chunks kept too, and it
    /// depends on timing: it is not part of the summary.
    public internal(set) var statesChecked: UInt64 = 0
    /// Breadth-first search only: where the time went (`PhaseTimes`). Wall
    /// clock, so not part of the summary either.
    public internal(set) var phases: PhaseTimes?
    /// Deepest level reached (BFS: levels expanded; DFS/random: longest path).
    public var depth: Int
    /// States still waiting when the search stopped.
    public var queued: Int
    public var elapsed: Double
    /// True when a wall-clock bound cut the search (counts may vary run to run).
    public var nondeterministic: Bool
    public var fingerprintBits: Int
    public var visitedBytes: Int
    public var parentLinkBytes: Int
    public var loadFactor: Double
    public var collision: CollisionEstimate
    public var coverage: [OperationCoverage]
    public var signature: StateSpaceSignature
    public var reductions: ReductionStats
    public var violations: [FoundViolation]

    /// Visited-set bytes per distinct state.
    public var bytesPerState: Double { distinct == 0 ? 0 : Double(visitedBytes) / Double(distinct) }
    /// Parent-link bytes per distinct state (BFS/DFS only; 0 for random walks).
    public var parentLinkBytesPerState: Double { distinct == 0 ? 0 : Double(parentLinkBytes) / Double(distinct) }
    public var statesPerSecond: Double { elapsed > 0 ? Double(distinct) / elapsed : 0 }
    public var transitionsPerSecond: Double { elapsed > 0 ? Double(generated) / elapsed : 0 }
}
