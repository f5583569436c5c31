import Foundation
import ExoCore

/// The final summary as one JSON object with stable, documented field names
/// (docs/explorer.md lists them). Build it from a result; the CLI prints
/// `json()` for `--json` and formats the same fields for people otherwise.
public struct ExploreSummary: Equatable, Codable, Sendable {
    public struct ViolationEntry: Equatable, Codable, Sendable {
        public var invariant: String
        public var message: String
        public var depth: Int
        public var path: [UInt32]
        public var fingerprint: String
        /// The path's length as the search found it: more than `depth`
        /// when it was shortened (`CounterexampleShortener`).
        public var foundDepth: Int
        /// The trace file the CLI wrote for it (null when none was written).
        public var trace: String?

        enum CodingKeys: String, CodingKey {
            case invariant, message, depth, path, fingerprint, trace
            case foundDepth = "found_depth"
        }

        /// Every key, always: a field with no value is null, not absent.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(invariant, forKey: .invariant)
            try c.encode(message, forKey: .message)
            try c.encode(depth, forKey: .depth)
            try c.encode(path, forKey: .path)
            try c.encode(fingerprint, forKey: .fingerprint)
            try c.encode(trace, forKey: .trace)
            try c.encode(foundDepth, forKey: .foundDepth)
        }
    }

    public struct Coverage: Equatable, Codable, Sendable {
        public var op: UInt16
        public var name: String
        public var count: UInt64
    }

    public var verdict: String
    public var bound: String?
    public var strategy: String
    public var jobs: Int
    public var distinctStates: UInt64
    public var generatedStates: UInt64
    public var selfLoopTransitions: UInt64
    public var depth: Int
    public var queued: Int
    public var elapsedSeconds: Double
    public var statesPerSecond: Double
    public var transitionsPerSecond: Double
    public var nondeterministic: Bool
    public var fingerprintBits: Int
    public var visitedBytes: Int
    public var bytesPerState: Double
    public var parentLinkBytes: Int
    public var loadFactor: Double
    public var collisionProbability: Double
    public var collisionProbabilityObserved: Double?
    public var minFingerprintDistance: Double?
    public var signature: String
    public var partialOrderReduction: Bool
    public var symmetryReduction: Bool
    public var porReducedStates: UInt64
    public var porSkippedTransitions: UInt64
    public var coverage: [Coverage]
    public var violations: [ViolationEntry]
    /// The spec's `expect` line and whether the run met it; set by whoever
    /// knows the spec (the CLI), else null.
    public var expected: String?
    public var expectedMet: Bool?
    /// Distinct states with no reduction, each alone and both, when the
    /// caller measured them (`Explorer.compareReductions`), else null.
    public var reductionsCompared: ReductionComparison?

    enum CodingKeys: String, CodingKey {
        case verdict, bound, strategy, jobs
        case distinctStates = "distinct_states"
        case generatedStates = "generated_states"
        case selfLoopTransitions = "self_loop_transitions"
        case depth, queued
        case elapsedSeconds = "elapsed_seconds"
        case statesPerSecond = "states_per_second"
        case transitionsPerSecond = "transitions_per_second"
        case nondeterministic
        case fingerprintBits = "fingerprint_bits"
        case visitedBytes = "visited_bytes"
        case bytesPerState = "bytes_per_state"
        case parentLinkBytes = "parent_link_bytes"
        case loadFactor = "load_factor"
        case collisionProbability = "collision_probability"
        case collisionProbabilityObserved = "collision_probability_observed"
        case minFingerprintDistance = "min_fingerprint_distance"
        case signature
        case partialOrderReduction = "partial_order_reduction"
        case symmetryReduction = "symmetry_reduction"
        case porReducedStates = "por_reduced_states"
        case porSkippedTransitions = "por_skipped_transitions"
        case coverage, violations, expected
        case expectedMet = "expected_met"
        case reductionsCompared = "reductions_compared"
    }

    /// Every key, always, in one stable set: a field with no value (no
    /// bound hit, fewer than two states to measure a distance between, no
    /// spec) is null, not absent.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(bound, forKey: .bound)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(distinctStates, forKey: .distinctStates)
        try c.encode(generatedStates, forKey: .generatedStates)
        try c.encode(selfLoopTransitions, forKey: .selfLoopTransitions)
        try c.encode(depth, forKey: .depth)
        try c.encode(queued, forKey: .queued)
        try c.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try c.encode(statesPerSecond, forKey: .statesPerSecond)
        try c.encode(transitionsPerSecond, forKey: .transitionsPerSecond)
        try c.encode(nondeterministic, forKey: .nondeterministic)
        try c.encode(fingerprintBits, forKey: .fingerprintBits)
        try c.encode(visitedBytes, forKey: .visitedBytes)
        try c.encode(bytesPerState, forKey: .bytesPerState)
        try c.encode(parentLinkBytes, forKey: .parentLinkBytes)
        try c.encode(loadFactor, forKey: .loadFactor)
        try c.encode(collisionProbability, forKey: .collisionProbability)
        try c.encode(collisionProbabilityObserved, forKey: .collisionProbabilityObserved)
        try c.encode(minFingerprintDistance, forKey: .minFingerprintDistance)
        try c.encode(signature, forKey: .signature)
        try c.encode(partialOrderReduction, forKey: .partialOrderReduction)
        try c.encode(symmetryReduction, forKey: .symmetryReduction)
        try c.encode(porReducedStates, forKey: .porReducedStates)
        try c.encode(porSkippedTransitions, forKey: .porSkippedTransitions)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(violations, forKey: .violations)
        try c.encode(expected, forKey: .expected)
        try c.encode(expectedMet, forKey: .expectedMet)
        try c.encode(reductionsCompared, forKey: .reductionsCompared)
    }

    public init(_ r: ExploreResult) {
        verdict = r.verdict.name
        bound = r.stoppedBy?.rawValue
        strategy = r.strategy
        jobs = r.jobs
        distinctStates = r.distinct
        generatedStates = r.generated
        selfLoopTransitions = r.selfLoops
        depth = r.depth
        queued = r.queued
        elapsedSeconds = r.elapsed
        statesPerSecond = r.statesPerSecond
        transitionsPerSecond = r.transitionsPerSecond
        nondeterministic = r.nondeterministic
        fingerprintBits = r.fingerprintBits
        visitedBytes = r.visitedBytes
        bytesPerState = r.bytesPerState
        parentLinkBytes = r.parentLinkBytes
        loadFactor = r.loadFactor
        collisionProbability = r.collision.calculated
        collisionProbabilityObserved = r.collision.observed
        minFingerprintDistance = r.collision.minimumDistance
        signature = r.signature.description
        partialOrderReduction = r.reductions.partialOrder
        symmetryReduction = r.reductions.symmetry
        porReducedStates = r.reductions.reducedStates
        porSkippedTransitions = r.reductions.skippedTransitions
        coverage = r.coverage.map { Coverage(op: $0.op, name: $0.name, count: $0.count) }
        violations = r.violations.map { v in
            ViolationEntry(
                invariant: v.first.invariant, message: v.first.message, depth: v.depth, path: v.path,
                fingerprint: r.fingerprintBits == 64 ? hex64(v.fingerprintLow) : hex64(v.fingerprintHigh) + hex64(v.fingerprintLow),
                foundDepth: v.foundDepth ?? v.depth, trace: nil)
        }
    }

    /// One line of JSON, keys sorted.
    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let d = try? enc.encode(self), let s = String(data: d, encoding: .utf8) else { return "{}" }
        return s
    }
}
