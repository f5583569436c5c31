import ExoCore

/// What to replay.
public struct ReplayOptions: Equatable, Sendable {
    /// The first event to check and report (events count from 1). Replay
    /// starts at the last snapshot before it.
    public var from: UInt64
    /// The last event to replay (nil: to the end).
    public var to: UInt64?
    /// Re-record the replayed run to this path (needs `from == 1`).
    public var outPath: String?
    /// Deflate level of the re-recording.
    public var level: Int32

    public init(from: UInt64 = 1, to: UInt64? = nil, outPath: String? = nil, level: Int32 = TraceFormat.defaultLevel) {
        self.from = from
        self.to = to
        self.outPath = outPath
        self.level = level
    }
}

/// A replay that matched its trace.
public struct ReplaySummary: Equatable, Sendable {
    /// Events contained in the snapshot replay started from (0: the initial state).
    public var startSnapshot: UInt64
    /// The last event replayed.
    public var lastEvent: UInt64
    /// Events applied (from the start snapshot on).
    public var eventsReplayed: UInt64
    /// True when the footer was reached (and the final state checked).
    public var reachedEnd: Bool
    public var finalClock: Tick
    public var finalFingerprint: Fingerprint128
    /// Snapshots whose full fingerprint was checked against the replayed
    /// state (and whose stored state was checked to have that fingerprint).
    public var snapshotsVerified: Int
    /// The re-recorded file, if one was asked for.
    public var rerecorded: String?

    @usableFromInline
    init(startSnapshot: UInt64, lastEvent: UInt64, eventsReplayed: UInt64, reachedEnd: Bool, finalClock: Tick,
         finalFingerprint: Fingerprint128, snapshotsVerified: Int, rerecorded: String?) {
        self.startSnapshot = startSnapshot
        self.lastEvent = lastEvent
        self.eventsReplayed = eventsReplayed
        self.reachedEnd = reachedEnd
        self.finalClock = finalClock
        self.finalFingerprint = finalFingerprint
        self.snapshotsVerified = snapshotsVerified
        self.rerecorded = rerecorded
    }
}

public enum ReplayOutcome: Equatable, Sendable {
    case match(ReplaySummary)
    case diverged(Divergence)
}

/// Replays a trace against a model: from the initial state (or the nearest
/// snapshot before `from`), applies the recorded choice at each event and
/// checks event, clock and fingerprint, every snapshot's full fingerprint
/// and stored state (it must decode to a state with that fingerprint), the
/// hash chain, the footer's snapshot index and its final state. Bad input is thrown as
/// `TraceError`; a disagreement is returned as a `Divergence`.
public final class Replayer<M: Model> {
    public let model: M
    public let reader: TraceReader
    @usableFromInline var encoder = CanonicalEncoder(capacity: 1024)
    @usableFromInline var actions: [M.Action] = []

    public init(model: M, reader: TraceReader) {
        self.model = model
        self.reader = reader
    }

    /// Runs the replay. `onEvent` sees every record from `options.from` on
    /// with the replayed post-state, after it matched. Inlinable so that the
    /// loop is specialized for the caller's concrete model.
    @inlinable
    public func run(_ options: ReplayOptions = ReplayOptions(),
                    onEvent: ((TraceRecord, M.State) throws -> Void)? = nil) throws -> ReplayOutcome {
        let file = reader.path
        let from = options.from
        try EventRange.check(from: from, to: options.to, in: reader)
        if options.outPath != nil && from > 1 {
            throw TraceError.invalidRequest(file: file, detail: "re-recording needs a replay from the first event")
        }
        if from > 1 { try reader.seek(toSnapshotAtOrBefore: from - 1) }
        var item: TraceItem?
        do { item = try reader.next() } catch TraceError.chainMismatch(_, let e, let stored, let computed) {
            return .diverged(chainDivergence(e, stored, computed))
        }
        guard case .snapshot(let start)? = item, from > 1 || start.eventCount == 0 else {
            throw TraceError.malformedRecord(file: file, event: reader.eventNumber, detail: "no snapshot where replay starts")
        }
        var state = from > 1 ? try decodeSnapshot(start) : model.initialState()
        var fp = fingerprint(state)
        var clock = model.clock(of: state)
        var lastSnapshot = start
        if fp != start.fingerprint || clock != start.clock {
            return .diverged(divergence(.snapshotMismatch, event: start.eventCount, clock: start.clock,
                                        expected: start.fingerprint.description, actual: fp.description,
                                        state: state, snapshot: start, relation: .same))
        }
        // Compared first: a trace another version of the model made differs
        // here with a field-level diff (exit 1), where the check below
        // would call its snapshot malformed.
        if from == 1 { try checkSnapshotState(start) }
        let recorder = try options.outPath.map {
            try TraceRecorder(model: model, path: $0, header: reader.header, initialState: state, level: options.level)
        }
        var summary = ReplaySummary(startSnapshot: start.eventCount, lastEvent: start.eventCount, eventsReplayed: 0,
                                    reachedEnd: false, finalClock: clock, finalFingerprint: fp, snapshotsVerified: 1,
                                    rerecorded: nil)
        func fail(_ d: Divergence) -> ReplayOutcome {
            recorder?.abandon()
            return .diverged(d)
        }
        while true {
            do { item = try reader.next() } catch TraceError.chainMismatch(_, let e, let stored, let computed) {
                return fail(chainDivergence(e, stored, computed))
            } catch {
                recorder?.abandon()
                throw error
            }
            switch item {
            case .event(let r)?:
                if let to = options.to, r.number > to {
                    try finishRecording(recorder, &summary)
                    return .match(summary)
                }
                actions.removeAll(keepingCapacity: true)
                model.actions(of: state, into: &actions)
                guard r.choice < actions.count else {
                    return fail(divergence(.choiceOutOfRange(choice: r.choice, available: actions.count),
                                           event: r.number, clock: r.clock, recorded: r.event,
                                           expected: hex32(r.fingerprint32), actual: "-", state: state,
                                           snapshot: lastSnapshot, relation: nil))
                }
                let ev = model.apply(actions[r.choice], to: &state)
                fp = fingerprint(state)
                clock = model.clock(of: state)
                let fp32 = TraceRecord.truncate(fp)
                if !ev.sameAs(r.event) || clock != r.clock || fp32 != r.fingerprint32 {
                    let kind: Divergence.Kind = !ev.sameAs(r.event) ? .eventMismatch
                        : (clock != r.clock ? .clockMismatch : .fingerprintMismatch)
                    var d = divergence(kind, event: r.number, clock: r.clock, recorded: r.event, replayed: ev,
                                       replayedClock: clock, expected: hex32(r.fingerprint32), actual: hex32(fp32),
                                       state: state, snapshot: lastSnapshot, relation: nil)
                    // Only the event differs: the states agree, and a diff
                    // against a snapshot would show only what other events
                    // changed.
                    if fp32 == r.fingerprint32 && clock == r.clock {
                        d.stateDiff = nil
                        d.diffSnapshot = nil
                        d.statesAgree = true
                    }
                    return fail(d)
                }
                try recorder?.record(choice: r.choice, event: ev, state: state, fingerprint: fp)
                summary.lastEvent = r.number
                summary.eventsReplayed += 1
                summary.finalClock = clock
                summary.finalFingerprint = fp
                if r.number >= from, let onEvent { try onEvent(r, state) }
            case .snapshot(let s)?:
                guard s.fingerprint == fp && s.clock == clock else {
                    return fail(divergence(.snapshotMismatch, event: s.eventCount, clock: s.clock,
                                           expected: s.fingerprint.description, actual: fp.description,
                                           state: state, snapshot: s, relation: .same))
                }
                do { try checkSnapshotState(s) } catch {
                    recorder?.abandon()
                    throw error
                }
                summary.snapshotsVerified += 1
                lastSnapshot = s
            case nil:
                let f = reader.footer!
                guard f.finalFingerprint == fp && f.finalClock == clock else {
                    return fail(divergence(.finalStateMismatch, event: f.eventCount, clock: f.finalClock,
                                           replayedClock: clock, expected: f.finalFingerprint.description, actual: fp.description,
                                           state: state, snapshot: lastSnapshot, relation: nil))
                }
                summary.reachedEnd = true
                try finishRecording(recorder, &summary)
                return .match(summary)
            }
        }
    }

    /// The state a snapshot stores. A snapshot that does not decode is a
    /// malformed trace, reported at the event it follows (event 1 for the
    /// initial snapshot).
    @usableFromInline func decodeSnapshot(_ s: TraceSnapshot) throws -> M.State {
        do {
            return try StateCodec.decode(M.State.self, from: s.state, file: reader.path, event: s.eventCount)
        } catch {
            throw TraceError.malformedRecord(file: reader.path, event: max(1, s.eventCount),
                                             detail: "the state in the snapshot after \(s.eventCount) events "
                                                 + "does not decode as the model's state")
        }
    }

    /// Checks that the state a snapshot stores is the one its fingerprint
    /// and clock describe (which the caller has compared with the replayed
    /// state): what a replay `--from` a later event would start from.
    @usableFromInline func checkSnapshotState(_ s: TraceSnapshot) throws {
        let decoded = try decodeSnapshot(s)
        let dfp = fingerprint(decoded)
        let dclock = model.clock(of: decoded)
        guard dfp == s.fingerprint && dclock == s.clock else {
            throw TraceError.malformedRecord(
                file: reader.path, event: max(1, s.eventCount),
                detail: "the state in the snapshot after \(s.eventCount) events is not the state it describes "
                    + "(it has fingerprint \(dfp) and clock \(dclock), the snapshot says \(s.fingerprint) and clock \(s.clock))")
        }
    }

    @usableFromInline func finishRecording(_ recorder: TraceRecorder<M>?, _ summary: inout ReplaySummary) throws {
        guard let recorder else { return }
        try recorder.finish()
        summary.rerecorded = recorder.writer.path
    }

    @inlinable func fingerprint(_ state: M.State) -> Fingerprint128 {
        model.fingerprint128(of: state, using: &encoder)
    }

    @usableFromInline func chainDivergence(_ event: UInt64, _ stored: UInt64, _ computed: UInt64) -> Divergence {
        Divergence(kind: .chainMismatch, event: event, clock: nil, recorded: nil, replayed: nil, replayedClock: nil,
                   expectedFingerprint: hex64(stored), actualFingerprint: hex64(computed), stateDiff: nil, diffSnapshot: nil)
    }

    /// Builds a divergence with a state diff against `snapshot` (if
    /// `relation` is given) or against the nearest of the last snapshot seen
    /// and the next one in the file.
    @usableFromInline func divergence(_ kind: Divergence.Kind, event: UInt64, clock: Tick, recorded: Event? = nil,
                            replayed: Event? = nil, replayedClock: Tick? = nil, expected: String, actual: String,
                            state: M.State, snapshot: TraceSnapshot, relation: Divergence.SnapshotRef.Relation?) -> Divergence {
        var ref = snapshot
        var rel = relation ?? (snapshot.eventCount == event ? .same : .preceding)
        if relation == nil && rel != .same, let next = nextSnapshot(),
           next.eventCount - event < event - snapshot.eventCount {
            ref = next
            rel = next.eventCount == event ? .same : .following
        }
        let json = try? StateCodec.encode(state, with: StateCodec.makeEncoder(), file: reader.path)
        let diff = json.flatMap { StateDiff.between(recorded: ref.state, replayed: $0) }
        return Divergence(kind: kind, event: event, clock: clock, recorded: recorded, replayed: replayed,
                          replayedClock: replayedClock, expectedFingerprint: expected, actualFingerprint: actual,
                          stateDiff: diff, diffSnapshot: Divergence.SnapshotRef(eventCount: ref.eventCount, relation: rel))
    }

    /// Reads ahead to the next snapshot (after a divergence; errors end the search).
    func nextSnapshot() -> TraceSnapshot? {
        while let item = try? reader.next() {
            if case .snapshot(let s) = item { return s }
        }
        return nil
    }
}
