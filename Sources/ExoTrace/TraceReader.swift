import ExoCore

/// One item of a trace's record stream.
public enum TraceItem: Equatable, Sendable {
    case event(TraceRecord)
    case snapshot(TraceSnapshot)
}

/// Reads a trace, streaming: the header on open, then `next()` item by item
/// until the footer (memory stays flat but for one small entry per
/// snapshot). It recomputes the hash chain over every record and checks it
/// against each snapshot and the footer, checks the footer's snapshot index
/// entry by entry against the snapshots it read (position, event count,
/// clock, chain, fingerprint) and the tail against the footer, and can seek
/// to the snapshot nearest an event through the index (checking that the
/// entry describes the snapshot it points at).
public final class TraceReader {
    public let path: String
    public let header: TraceHeader
    /// The footer, once `next()` has returned nil.
    public private(set) var footer: TraceFooter?
    /// The number of the last event returned (0 before the first).
    public private(set) var eventNumber: UInt64 = 0
    /// The chain value over everything read so far.
    public private(set) var chain: UInt64
    private let stream: TraceByteStream
    private var previousClock: Tick = 0
    private var indexedFooter: TraceFooter?
    /// The index entries the snapshots read so far call for, and the
    /// position in the index of the first of them (0 unless seeking).
    private var seenSnapshots: [TraceIndexEntry] = []
    private var seenBase = 0
    /// After a seek: the entry the next record must match.
    private var seekEntry: TraceIndexEntry?

    /// Opens `path` and reads the header. Throws `TraceError` for a missing
    /// file, non-gzip data, bad magic, a newer version, a spec digest mismatch…
    public init(path: String) throws {
        self.path = path
        stream = TraceByteStream(members: try GzipMemberReader(path: path))
        try stream.beginCapture()
        header = try TraceHeader.decode(from: stream)
        chain = stream.endCapture(seed: 0)
    }

    /// The next event or snapshot, or nil after the footer (now in `footer`).
    public func next() throws -> TraceItem? {
        if footer != nil { return nil }
        stream.errorEvent = eventNumber + 1
        if try stream.atEnd() {
            throw TraceError.truncated(file: path, detail: "ends after event \(eventNumber), before the footer")
        }
        try stream.beginCapture()
        let at = stream.position
        if let e = seekEntry {
            seekEntry = nil
            return try arrivedBySeek(at: at, entry: e)
        }
        let tag = try stream.u8()
        switch tag {
        case TraceFormat.tagEvent:
            let r = try TraceRecord.decode(from: stream, number: eventNumber + 1, previousClock: previousClock)
            chain = stream.endCapture(seed: chain)
            eventNumber += 1
            previousClock = r.clock
            return .event(r)
        case TraceFormat.tagSnapshot:
            return .snapshot(try snapshotRecord(at: at))
        case TraceFormat.tagFooter:
            stream.inFooter = true
            let f = try TraceFooter.decode(from: stream)
            guard f.eventCount == eventNumber else {
                throw stream.malformed("footer says \(f.eventCount) events, found \(eventNumber)")
            }
            guard f.finalChain == chain else {
                throw TraceError.chainMismatch(file: path, event: eventNumber, stored: f.finalChain, computed: chain)
            }
            guard let tail = try TraceTail.decode(from: stream) else { throw stream.malformed("no tail after the footer") }
            guard tail.eventCount == f.eventCount, tail.chain == f.finalChain else {
                throw stream.malformed("tail disagrees with the footer")
            }
            guard try stream.atEnd() else { throw stream.malformed("bytes after the tail") }
            guard at.within == 0, tail.footerOffset == at.member else {
                throw stream.malformed("tail says the footer starts the member at byte \(tail.footerOffset), "
                                       + "it starts at byte \(at.member) + \(at.within)")
            }
            try checkIndex(f)
            footer = f
            return nil
        default:
            throw stream.malformed("unknown record tag \(tag)")
        }
    }

    /// Parses a snapshot record whose tag has just been read at `at`, and
    /// notes the index entry it calls for.
    private func snapshotRecord(at: (member: UInt64, within: UInt32)) throws -> TraceSnapshot {
        let s = try TraceSnapshot.decode(from: stream)
        guard s.eventCount == eventNumber else {
            throw stream.malformed("snapshot says \(s.eventCount) events, found \(eventNumber)")
        }
        guard s.chain == chain else {
            throw TraceError.chainMismatch(file: path, event: eventNumber, stored: s.chain, computed: chain)
        }
        chain = stream.endCapture(seed: chain)
        previousClock = s.clock
        seenSnapshots.append(TraceIndexEntry(eventCount: s.eventCount, memberOffset: at.member, offsetInMember: at.within,
                                             clock: s.clock, chain: s.chain, fingerprint: s.fingerprint))
        return s
    }

    /// The first record after a seek: it must be the snapshot `entry` describes.
    private func arrivedBySeek(at: (member: UInt64, within: UInt32), entry e: TraceIndexEntry) throws -> TraceItem {
        let what = "index entry for the snapshot after \(e.eventCount) events"
        let s: TraceSnapshot
        do {
            guard try stream.u8() == TraceFormat.tagSnapshot else {
                throw TraceError.malformedFooter(file: path, detail: "\(what) does not point at a snapshot")
            }
            s = try TraceSnapshot.decode(from: stream)
        } catch let error as TraceError where !error.isDamagedMember {
            if case .malformedFooter = error { throw error }
            throw TraceError.malformedFooter(file: path, detail: "\(what) does not point at a snapshot "
                                             + "(\(error.detailWithoutFile))")
        }
        let found = TraceIndexEntry(eventCount: s.eventCount, memberOffset: at.member, offsetInMember: at.within,
                                    clock: s.clock, chain: s.chain, fingerprint: s.fingerprint)
        if let d = Self.difference(index: e, found: found) {
            throw TraceError.malformedFooter(file: path, detail: "\(what): \(d)")
        }
        chain = stream.endCapture(seed: chain)
        previousClock = s.clock
        seenSnapshots.append(found)
        return .snapshot(s)
    }

    /// Checks the footer's index against the snapshots read (all of them, or
    /// those from the seek point on).
    private func checkIndex(_ f: TraceFooter) throws {
        let listed = f.index.count - seenBase
        guard listed == seenSnapshots.count else {
            throw stream.malformed("the index lists \(f.index.count) snapshots, the trace holds "
                                   + "\(seenSnapshots.count + seenBase)")
        }
        for (k, found) in seenSnapshots.enumerated() {
            let e = f.index[seenBase + k]
            if let d = Self.difference(index: e, found: found) {
                throw stream.malformed("index entry \(seenBase + k + 1) of \(f.index.count): \(d)")
            }
        }
    }

    /// How an index entry differs from the snapshot found, or nil.
    static func difference(index e: TraceIndexEntry, found s: TraceIndexEntry) -> String? {
        if e.eventCount != s.eventCount {
            return "says the snapshot after \(e.eventCount) events, the snapshot there is after \(s.eventCount)"
        }
        let prefix = "the snapshot after \(e.eventCount) events"
        if e.memberOffset != s.memberOffset || e.offsetInMember != s.offsetInMember {
            return "\(prefix) is at byte \(s.memberOffset) + \(s.offsetInMember), the index says \(e.memberOffset) + \(e.offsetInMember)"
        }
        if e.clock != s.clock { return "\(prefix) has clock \(s.clock), the index says \(e.clock)" }
        if e.chain != s.chain { return "\(prefix) has chain \(hex64(s.chain)), the index says \(hex64(e.chain))" }
        if e.fingerprint != s.fingerprint {
            return "\(prefix) has fingerprint \(s.fingerprint), the index says \(e.fingerprint)"
        }
        return nil
    }

    /// Reads the rest of the trace without a model, checking every gzip
    /// member, the hash chain and the footer; returns the footer.
    @discardableResult
    public func readToEnd() throws -> TraceFooter {
        while try next() != nil {}
        return footer!
    }

    /// The footer, read through the tail at the end of the file without
    /// reading the records (a second file handle; the stream is not moved).
    public func loadFooter() throws -> TraceFooter {
        if let f = footer ?? indexedFooter { return f }
        let members = try GzipMemberReader(path: path)
        let size = UInt64(TraceFormat.tailMemberSize)
        guard members.fileSize >= size else {
            throw TraceError.truncated(file: path, detail: "too short to hold a trace tail")
        }
        let s = TraceByteStream(members: members)
        s.inFooter = true
        let noTail = TraceError.truncated(file: path, detail: "no trace tail at the end; the file was cut short")
        let found: TraceTail?
        do {
            try s.seek(member: members.fileSize - size, within: 0)
            found = members.payloadCount == TraceFormat.tailPayloadSize ? try TraceTail.decode(from: s) : nil
        } catch is TraceError {
            throw noTail
        }
        guard let tail = found else { throw noTail }
        guard tail.footerOffset < members.fileSize - size else { throw s.malformed("tail points past the file") }
        do {
            try s.seek(member: tail.footerOffset, within: 0)
        } catch let e as TraceError where !e.isDamagedMember {
            throw s.malformed("tail does not point at the footer (\(e.detailWithoutFile))")
        }
        guard try s.u8() == TraceFormat.tagFooter else { throw s.malformed("tail does not point at the footer") }
        let f = try TraceFooter.decode(from: s)
        guard f.eventCount == tail.eventCount, f.finalChain == tail.chain else {
            throw s.malformed("tail disagrees with the footer")
        }
        indexedFooter = f
        return f
    }

    /// The last snapshot taken after at most `events` events (for showing
    /// the state near an event without a model: `StateCodec.flatten(s.state)`).
    /// Leaves the reader just after it.
    public func snapshot(atOrBefore events: UInt64) throws -> TraceSnapshot {
        try seek(toSnapshotAtOrBefore: events)
        guard case .snapshot(let s)? = try next() else {
            throw TraceError.malformedRecord(file: path, event: eventNumber, detail: "the index does not point at a snapshot")
        }
        return s
    }

    /// Moves to the last snapshot taken after at most `events` events; the
    /// next `next()` returns that snapshot. Returns its index entry.
    @discardableResult
    public func seek(toSnapshotAtOrBefore events: UInt64) throws -> TraceIndexEntry {
        let f = try loadFooter()
        guard let e = f.snapshot(atOrBefore: events) else {
            throw TraceError.invalidRequest(file: path, detail: "no snapshot at or before event \(events)")
        }
        stream.errorEvent = e.eventCount
        stream.inFooter = false
        do {
            try stream.seek(member: e.memberOffset, within: e.offsetInMember)
        } catch let error as TraceError where !error.isDamagedMember {
            throw TraceError.malformedFooter(
                file: path, detail: "index entry for the snapshot after \(e.eventCount) events points at byte "
                    + "\(e.memberOffset) + \(e.offsetInMember), where there is no such data "
                    + "(\(error.detailWithoutFile))")
        }
        footer = nil
        eventNumber = e.eventCount
        chain = e.chain
        previousClock = e.clock
        seekEntry = e
        seenSnapshots.removeAll()
        seenBase = f.index.firstIndex { $0.eventCount == e.eventCount } ?? 0
        return e
    }
}
