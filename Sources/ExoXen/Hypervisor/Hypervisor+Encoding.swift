import ExoCore

/// The canonical encoding of the hypervisor, written straight from the flat
/// tables. The bytes are those of the nested layout it replaced: the frame
/// table as an array, then the domain count and, per domain, lifecycle,
/// maxPages, addressLimit, page list, grant-table size, grant entries,
/// active entries, maptrack entries, maptrack free list and ports (each
/// list a 32-bit count and its records).
///
/// Everything is written under one claim of the encoder, sized first.
extension Hypervisor: CanonicalEncodable {
    public func encode(into e: inout CanonicalEncoder) {
        let l = tables.layout
        // Per domain: the scalars (9 + 4 bytes) and six 4-byte list counts,
        // the full rows, then the two lists whose length varies.
        let fixed = 13 + 6 * 4
            + GrantEntry.encodedSize * l.grants.width + ActiveEntry.encodedSize * l.active.width
            + MaptrackEntry.encodedSize * l.maptrack.width + EventPort.encodedSize * l.ports.width
        // The closures see only buffers, not `self` (capturing it would
        // copy the hypervisor, retaining its arrays, on every encode).
        tables.withColumns { t in
            // The frame table as an array: its count, then each frame.
            var size = 4 + FrameRecord.encodedSize * t.frames.count + 4 + fixed * t.slots.count
            for dom in t.slots {
                size += FrameNumber.encodedSize * Int(dom.pageCount) + GrantHandle.encodedSize * Int(dom.freeHandleCount)
            }
            e.record(size: size) { r in
                r.list(t.frames, from: 0, count: t.frames.count)
                r.u32(UInt32(t.slots.count))
                for d in t.slots.indices {
                    let dom = t.slots[d]
                    r.u8(dom.lifecycle.rawValue); r.u32(dom.maxPages); r.u32(dom.addressLimit)
                    r.list(t.pages, row: d, width: l.pages.width, count: Int(dom.pageCount))
                    r.u32(dom.nrGrantFrames)
                    r.list(t.grants, row: d, width: l.grants.width)
                    r.list(t.active, row: d, width: l.active.width)
                    r.list(t.maptrack, row: d, width: l.maptrack.width)
                    r.list(t.freeHandles, row: d, width: l.freeHandles.width, count: Int(dom.freeHandleCount))
                    r.list(t.ports, row: d, width: l.ports.width)
                }
            }
        }
    }
}

extension CanonicalRecord {
    /// The first `count` records of row `d` (the whole row by default).
    @inline(__always) mutating func list<R: FixedSizeEncodable>(_ all: UnsafeBufferPointer<R>, row d: Int, width: Int,
                                                                 count: Int? = nil) {
        let n = count ?? width
        precondition(n >= 0 && n <= width, "a table list is longer than its row")
        list(all, from: d &* width, count: n)
    }
}
