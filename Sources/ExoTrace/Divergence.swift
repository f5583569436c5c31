import ExoCore

/// The first point where a replay disagrees with its trace.
public struct Divergence: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The recorded choice index is not below the number of enabled actions.
        case choiceOutOfRange(choice: Int, available: Int)
        /// The replayed event (actor, op, operands or result) differs.
        case eventMismatch
        /// The post-state clock differs.
        case clockMismatch
        /// The post-state's (truncated) fingerprint differs.
        case fingerprintMismatch
        /// A snapshot's full fingerprint or clock differs from the replayed state.
        case snapshotMismatch
        /// The footer's final fingerprint differs from the replayed final state.
        case finalStateMismatch
        /// The records do not hash to the chain value stored at a checkpoint.
        case chainMismatch
    }

    /// Which snapshot the state diff compares against.
    public struct SnapshotRef: Equatable, Sendable {
        public enum Relation: String, Equatable, Sendable { case same, preceding, following }
        public var eventCount: UInt64
        public var relation: Relation
    }

    public var kind: Kind
    /// The number of the first event that differs (0: the initial state).
    public var event: UInt64
    /// The recorded clock of that event (nil for a chain check, which
    /// reads no state).
    public var clock: Tick?
    /// The recorded event (nil for a snapshot or chain check with no event).
    public var recorded: Event?
    /// The replayed event (nil when it could not be applied).
    public var replayed: Event?
    public var replayedClock: Tick?
    /// Expected and actual fingerprints in hex (8 digits when truncated, 32 when full).
    public var expectedFingerprint: String
    public var actualFingerprint: String
    /// Field-level diff between the replayed state and `diffSnapshot`.
    public var stateDiff: StateDiff?
    public var diffSnapshot: SnapshotRef?
    /// Only the event differs: the post-state's fingerprint and clock are
    /// the recorded ones, so no state diff is shown.
    public var statesAgree = false

    /// A multi-line report; `namer` names actors and operations.
    public func report(namer: EventNamer = .raw) -> String {
        var s = "divergence at event \(event)\(clock.map { " (clock \($0))" } ?? ""): "
        switch kind {
        case .choiceOutOfRange(let c, let n): s += "recorded choice \(c) but only \(n) actions are enabled"
        case .eventMismatch: s += "the event differs"
        case .clockMismatch: s += "the clock differs (recorded \(clock.map(String.init) ?? "?"), replayed \(replayedClock.map(String.init) ?? "?"))"
        case .fingerprintMismatch: s += "the post-state fingerprint differs"
        case .snapshotMismatch: s += "the state differs from the snapshot stored after \(event) events"
        case .finalStateMismatch:
            s += "the final state differs from the footer's"
            if let r = replayedClock, r != clock { s += " (footer clock \(clock.map(String.init) ?? "?"), replayed clock \(r))" }
        case .chainMismatch: s += "the records do not hash to the chain value stored after \(event) events"
        }
        if let r = recorded {
            s += "\n  actor:     \(namer.actorName(r.actor))\n  operation: \(namer.operationName(r.op))"
            s += "\n  recorded:  \(namer.describe(r))"
        }
        if let p = replayed { s += "\n  replayed:  \(namer.describe(p))" }
        if kind == .chainMismatch {
            s += "\n  chain value stored \(expectedFingerprint), computed from the records \(actualFingerprint)"
        } else {
            s += "\n  fingerprint expected \(expectedFingerprint), actual \(actualFingerprint)"
        }
        if statesAgree { s += "\n  the post-state's fingerprint and clock are the recorded ones: only the event differs" }
        if let d = stateDiff, let ref = diffSnapshot {
            let which = ref.relation == .same ? "the snapshot stored at this point"
                : "the \(ref.relation.rawValue) snapshot, taken after \(ref.eventCount) events"
            s += "\n  state diff, replayed state against \(which) (path: snapshot -> replayed):"
            if d.isEmpty {
                // The stored state is the replayed one; only the fingerprint
                // or clock stored with it is not what this model computes.
                s += "\n    (no field differs: the state stored there is the replayed state, but its fingerprint or clock is not"
                s += " what this model computes for it: the trace was made by another version of the model, or that record is damaged)"
            }
            for l in d.lines { s += "\n    \(l.description)" }
        }
        return s
    }

    public var description: String { report() }
}
