import ExoCore

/// Writes a trace file, streaming: header, then event and snapshot records
/// as they come, then footer and tail on `finish()`. It owns the hash chain
/// and the snapshot index; memory stays flat (one 64 KiB member buffer plus
/// one index entry per snapshot). The file appears under `path` only when
/// `finish()` succeeds.
public final class TraceWriter {
    public let path: String
    public let header: TraceHeader
    /// Events appended so far.
    @exclusivity(unchecked) public private(set) var eventCount: UInt64 = 0
    /// The chain value over the header and every record so far.
    @exclusivity(unchecked) public private(set) var chain: UInt64
    private let sink: AtomicFileWriter
    private let members: GzipMemberWriter
    @exclusivity(unchecked) private var previousClock: Tick = 0
    private var index: [TraceIndexEntry] = []
    private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: RecordScratch.capacity)
    private var finished = false

    /// Creates the temporary file and writes the header. `level` is the
    /// deflate level (1…9); the same level gives the same bytes.
    public init(path: String, header: TraceHeader, level: Int32 = TraceFormat.defaultLevel) throws {
        self.path = path
        self.header = header
        sink = try AtomicFileWriter(path: path)
        members = try GzipMemberWriter(sink: sink, level: min(9, max(1, level)))
        let h = header.encoded()
        chain = XXH3.hash64(h)
        try members.write(h)
    }

    deinit { scratch.deallocate() }

    /// Appends one event record. `clock` is the post-state's clock.
    public func appendEvent(choice: Int, event: Event, clock: Tick, fingerprint32: UInt32) throws {
        precondition(choice >= 0, "choice index must be non-negative")
        eventCount += 1
        var out = RecordScratch(base: scratch)
        TraceRecord(number: eventCount, choice: choice, clock: clock, event: event, fingerprint32: fingerprint32)
            .encode(into: &out, previousClock: previousClock)
        previousClock = clock
        chain = XXH3.hash64(out.bytes, seed: chain)
        try members.write(out.bytes)
    }

    /// Appends a snapshot of the state after the events so far, and indexes it.
    public func appendSnapshot(state: [UInt8], clock: Tick, fingerprint: Fingerprint128) throws {
        let at = try members.nextPosition()
        index.append(TraceIndexEntry(eventCount: eventCount, memberOffset: at.member, offsetInMember: at.within,
                                     clock: clock, chain: chain, fingerprint: fingerprint))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(state.count + 48)
        TraceSnapshot(eventCount: eventCount, clock: clock, fingerprint: fingerprint, chain: chain, state: state)
            .encode(into: &bytes)
        chain = XXH3.hash64(bytes, seed: chain)
        previousClock = clock
        try members.write(bytes)
    }

    /// Writes the footer (in a fresh member) and the tail, then moves the
    /// file into place. `finalClock`/`finalFingerprint` describe the last state.
    @discardableResult
    public func finish(finalClock: Tick, finalFingerprint: Fingerprint128) throws -> TraceFooter {
        precondition(!finished, "finish called twice")
        finished = true
        let footerOffset = try members.flush()
        let footer = TraceFooter(eventCount: eventCount, finalClock: finalClock, finalFingerprint: finalFingerprint,
                                 finalChain: chain, index: index)
        var bytes: [UInt8] = []
        footer.encode(into: &bytes)
        try members.write(bytes)
        try members.closeMember()
        try members.writeStoredMember(TraceTail(footerOffset: footerOffset, eventCount: eventCount, chain: chain).encoded())
        try sink.commit()
        return footer
    }

    /// Gives up: the temporary file is removed and `path` is left untouched.
    public func abandon() {
        finished = true
        try? members.drain()
        sink.abandon()
    }
}
