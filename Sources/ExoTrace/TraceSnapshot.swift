import ExoCore

/// A full copy of the state after `eventCount` events: its `Codable` form
/// (deterministic JSON, see `StateCodec`), clock, full fingerprint, and the
/// hash chain value just before this snapshot record.
public struct TraceSnapshot: Equatable, Sendable {
    public var eventCount: UInt64
    public var clock: Tick
    public var fingerprint: Fingerprint128
    public var chain: UInt64
    public var state: [UInt8]

    public init(eventCount: UInt64, clock: Tick, fingerprint: Fingerprint128, chain: UInt64, state: [UInt8]) {
        self.eventCount = eventCount
        self.clock = clock
        self.fingerprint = fingerprint
        self.chain = chain
        self.state = state
    }

    func encode(into out: inout [UInt8]) {
        out.append(TraceFormat.tagSnapshot)
        out.appendVarint(eventCount)
        out.appendVarint(clock)
        out.appendFingerprint(fingerprint)
        out.appendLE64(chain)
        out.appendBytes(state)
    }

    static func decode(from s: TraceByteStream) throws -> TraceSnapshot {
        let n = try s.varint()
        let clock = try s.varint()
        let fp = try s.fingerprint()
        let chain = try s.le64()
        let state = try s.lengthPrefixed(max: TraceFormat.maxStateBytes, "snapshot")
        return TraceSnapshot(eventCount: n, clock: clock, fingerprint: fp, chain: chain, state: state)
    }
}
