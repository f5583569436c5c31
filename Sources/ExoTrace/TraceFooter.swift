import ExoCore

/// Where a snapshot sits in the file, for seeking: the file offset of the
/// gzip member holding its first byte and the offset inside that member's
/// uncompressed data, plus what the snapshot records (so a reader can choose
/// without inflating it).
public struct TraceIndexEntry: Equatable, Sendable {
    public var eventCount: UInt64
    public var memberOffset: UInt64
    public var offsetInMember: UInt32
    public var clock: Tick
    public var chain: UInt64
    public var fingerprint: Fingerprint128

    public init(eventCount: UInt64, memberOffset: UInt64, offsetInMember: UInt32, clock: Tick, chain: UInt64, fingerprint: Fingerprint128) {
        self.eventCount = eventCount
        self.memberOffset = memberOffset
        self.offsetInMember = offsetInMember
        self.clock = clock
        self.chain = chain
        self.fingerprint = fingerprint
    }
}

/// The end of a trace: totals, the final state's full fingerprint, the final
/// chain value, and the snapshot index.
public struct TraceFooter: Equatable, Sendable {
    public var eventCount: UInt64
    public var finalClock: Tick
    public var finalFingerprint: Fingerprint128
    public var finalChain: UInt64
    public var index: [TraceIndexEntry]

    public init(eventCount: UInt64, finalClock: Tick, finalFingerprint: Fingerprint128, finalChain: UInt64, index: [TraceIndexEntry]) {
        self.eventCount = eventCount
        self.finalClock = finalClock
        self.finalFingerprint = finalFingerprint
        self.finalChain = finalChain
        self.index = index
    }

    /// The last indexed snapshot taken after at most `events` events.
    public func snapshot(atOrBefore events: UInt64) -> TraceIndexEntry? {
        var lo = 0, hi = index.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if index[mid].eventCount <= events { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : index[lo - 1]
    }

    func encode(into out: inout [UInt8]) {
        out.append(TraceFormat.tagFooter)
        out.appendVarint(eventCount)
        out.appendVarint(finalClock)
        out.appendFingerprint(finalFingerprint)
        out.appendLE64(finalChain)
        out.appendVarint(UInt64(index.count))
        for e in index {
            out.appendVarint(e.eventCount)
            out.appendLE64(e.memberOffset)
            out.appendVarint(UInt64(e.offsetInMember))
            out.appendVarint(e.clock)
            out.appendLE64(e.chain)
            out.appendFingerprint(e.fingerprint)
        }
    }

    static func decode(from s: TraceByteStream) throws -> TraceFooter {
        let n = try s.varint()
        let clock = try s.varint()
        let fp = try s.fingerprint()
        let chain = try s.le64()
        let count = try s.varint(max: UInt64(TraceFormat.maxIndexEntries), "index size")
        var index: [TraceIndexEntry] = []
        var last: UInt64? = nil
        for _ in 0..<count {
            let e = TraceIndexEntry(eventCount: try s.varint(), memberOffset: try s.le64(),
                                    offsetInMember: UInt32(try s.varint(max: UInt64(GzipFraming.memberPayload - 1), "index offset")),
                                    clock: try s.varint(), chain: try s.le64(), fingerprint: try s.fingerprint())
            if let l = last, e.eventCount <= l { throw s.malformed("index not in event order") }
            guard e.eventCount <= n else { throw s.malformed("index entry beyond the last event") }
            last = e.eventCount
            index.append(e)
        }
        return TraceFooter(eventCount: n, finalClock: clock, finalFingerprint: fp, finalChain: chain, index: index)
    }
}
