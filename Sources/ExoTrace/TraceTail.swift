/// The fixed-size last member of a trace: where the footer starts, and the
/// event count and final chain repeated (so a reader can check it found the
/// right footer).
struct TraceTail: Equatable {
    var footerOffset: UInt64
    var eventCount: UInt64
    var chain: UInt64

    func encoded() -> [UInt8] {
        var out: [UInt8] = [TraceFormat.tagTail]
        out.append(contentsOf: TraceFormat.tailMagic)
        out.appendLE64(footerOffset)
        out.appendLE64(eventCount)
        out.appendLE64(chain)
        return out
    }

    /// Parses a tail, tag included. Returns nil if the bytes are not a tail.
    static func decode(from s: TraceByteStream) throws -> TraceTail? {
        guard try s.u8() == TraceFormat.tagTail else { return nil }
        for m in TraceFormat.tailMagic where try s.u8() != m { return nil }
        return TraceTail(footerOffset: try s.le64(), eventCount: try s.le64(), chain: try s.le64())
    }
}
