import Foundation
import ExoCore

/// Records a run of any `Model` into a trace. It drives nothing: the caller
/// (simulator, explorer, replayer re-recording) reports each step and the
/// recorder fingerprints the post-state, writes the record, and stores a
/// full snapshot every K events (and of the initial state).
public final class TraceRecorder<M: Model> {
    public let model: M
    public let writer: TraceWriter
    @usableFromInline @exclusivity(unchecked) var encoder = CanonicalEncoder(capacity: 1024)
    private let json = StateCodec.makeEncoder()
    @usableFromInline let interval: UInt64
    @usableFromInline @exclusivity(unchecked) var lastClock: Tick
    @usableFromInline @exclusivity(unchecked) var lastFingerprint: Fingerprint128

    /// Opens `path` (atomically, see `TraceWriter`), writes the header and a
    /// snapshot of `initialState` (normally `model.initialState()`).
    public init(model: M, path: String, header: TraceHeader, initialState: M.State,
                level: Int32 = TraceFormat.defaultLevel) throws {
        self.model = model
        self.interval = header.snapshotInterval
        writer = try TraceWriter(path: path, header: header, level: level)
        lastClock = model.clock(of: initialState)
        lastFingerprint = Fingerprint128(high: 0, low: 0)
        lastFingerprint = model.fingerprint128(of: initialState, using: &encoder)
        try snapshot(initialState)
    }

    /// Events recorded so far.
    public var eventCount: UInt64 { writer.eventCount }

    /// The full fingerprint of the last state reported (the initial one before any step).
    public var currentFingerprint: Fingerprint128 { lastFingerprint }

    /// Records one step: the index of the chosen action in
    /// `model.actions(of: preState)`, the event `apply` returned, and the post-state.
    /// Inlinable so that it is specialized for the caller's concrete model.
    @inlinable
    public func record(choice: Int, event: Event, state: M.State) throws {
        try record(choice: choice, event: event, state: state,
                   fingerprint: model.fingerprint128(of: state, using: &encoder))
    }

    /// `record(choice:event:state:)` for a caller that has just fingerprinted
    /// the post-state itself (the replayer does, to compare): `fingerprint`
    /// must be `model.fingerprint128(of: state)`. Saves encoding the state twice.
    @inlinable
    public func record(choice: Int, event: Event, state: M.State, fingerprint: Fingerprint128) throws {
        lastFingerprint = fingerprint
        lastClock = model.clock(of: state)
        try writer.appendEvent(choice: choice, event: event, clock: lastClock,
                               fingerprint32: TraceRecord.truncate(lastFingerprint))
        if writer.eventCount % interval == 0 { try snapshot(state) }
    }

    /// Writes footer and tail and moves the file into place.
    @discardableResult
    public func finish() throws -> TraceFooter {
        try writer.finish(finalClock: lastClock, finalFingerprint: lastFingerprint)
    }

    /// Drops the temporary file; nothing appears under the target path.
    public func abandon() { writer.abandon() }

    @usableFromInline func snapshot(_ state: M.State) throws {
        let bytes = try StateCodec.encode(state, with: json, file: writer.path)
        try writer.appendSnapshot(state: bytes, clock: lastClock, fingerprint: lastFingerprint)
    }
}
