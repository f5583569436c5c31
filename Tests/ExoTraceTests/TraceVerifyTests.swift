import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

/// A full replay checks what a replay `--from` relies on: every snapshot's
/// stored state and every footer index entry. Requests are checked the same
/// way by `replay` and `show`.
final class TraceVerifyTests: TraceTestCase {
    func isMalformed(_ event: UInt64, _ text: String) -> (TraceError) -> Bool {
        { if case .malformedRecord(_, let e, let d) = $0 { return e == event && d.contains(text) }; return false }
    }

    func isFooter(_ text: String) -> (TraceError) -> Bool {
        { if case .malformedFooter(_, let d) = $0 { return d.contains(text) && $0.description.contains(": footer: malformed (") }
          return false }
    }

    func testGarbageSnapshotStateFailsAFullReplay() throws {
        let p = try record("g.trace.gz", events: 300, k: 64)
        // Garbage that is not JSON; the chain is recomputed so it matches.
        let bad = path("garbage.trace.gz")
        try rewrite(p, bad, snapshot: { if $0.eventCount == 128 { $0.state = Array("garbage".utf8) } })
        XCTAssertNoThrow(try readAll(bad), "well formed as far as the reader alone can tell")
        assertTraceError(bad, { _ = try self.replay(bad) }, isMalformed(128, "does not decode"))
        assertTraceError(bad, { _ = try self.replay(bad, ReplayOptions(from: 150)) }, isMalformed(128, "does not decode"))

        // A state that decodes but is not the one the snapshot's fingerprint describes.
        var other = ToyModel().initialState()
        other.counters[1] = 99
        let json = try StateCodec.encode(other, with: StateCodec.makeEncoder(), file: p)
        let wrong = path("wrong.trace.gz")
        try rewrite(p, wrong, snapshot: { if $0.eventCount == 192 { $0.state = json } })
        assertTraceError(wrong, { _ = try self.replay(wrong) }, isMalformed(192, "is not the state it describes"))

        // The initial snapshot too (reported at event 1, not as the header).
        let first = path("first.trace.gz")
        try rewrite(p, first, snapshot: { if $0.eventCount == 0 { $0.state = json } })
        assertTraceError(first, { _ = try self.replay(first) }, isMalformed(1, "snapshot after 0 events"))
        XCTAssertTrue(summary(try replay(p)) != nil, "the original still replays")
    }

    /// `p` with its footer replaced by `change(footer)`; everything before
    /// the footer member is re-written byte for byte, so offsets and the tail stay valid.
    func withFooter(_ p: String, _ name: String, _ change: (inout TraceFooter) -> Void) throws -> String {
        var payloads = try memberPayloads(p)
        let copy = path("copy-" + name)
        try writeMembers(payloads, copy)
        XCTAssertEqual(try bytes(copy), try bytes(p), "re-writing the members reproduces the file")
        var f = try TraceReader(path: p).loadFooter()
        change(&f)
        var b: [UInt8] = []
        f.encode(into: &b)
        XCTAssertLessThan(b.count, GzipFraming.memberPayload)
        payloads[payloads.count - 2] = b
        let out = path(name)
        try writeMembers(payloads, out)
        return out
    }

    func testFooterIndexIsCheckedByAFullReplay() throws {
        let p = try record("i.trace.gz", events: 500, k: 64)
        XCTAssertEqual(try TraceReader(path: p).loadFooter().index.count, 8)
        let cases: [(String, (inout TraceFooter) -> Void, String)] = [
            ("offset", { $0.index[3].offsetInMember += 1 }, "is at byte"),
            ("member", { $0.index[2].memberOffset += 7 }, "is at byte"),
            ("events", { $0.index[4].eventCount += 1 }, "says the snapshot after 257 events"),
            ("fingerprint", { $0.index[5].fingerprint = Fingerprint128(high: 1, low: 2) }, "has fingerprint"),
            ("clock", { $0.index[1].clock &+= 1 }, "has clock"),
            ("chain", { $0.index[6].chain &+= 1 }, "has chain"),
            ("dropped", { $0.index.remove(at: 7) }, "the index lists 7 snapshots, the trace holds 8"),
        ]
        for (name, change, text) in cases {
            let bad = try withFooter(p, "\(name).trace.gz", change)
            assertTraceError(bad, { _ = try self.replay(bad) }, isFooter(text))
            assertTraceError(bad, { try self.readAll(bad) }, isFooter(text))
        }
    }

    func testSeekingChecksTheIndexEntryItUses() throws {
        let p = try record("s.trace.gz", events: 500, k: 64)
        // Entry 2 is the snapshot after 128 events: replay --from 150 starts there.
        let fp = try withFooter(p, "fp.trace.gz") { $0.index[2].fingerprint = Fingerprint128(high: 1, low: 2) }
        assertTraceError(fp, { _ = try self.replay(fp, ReplayOptions(from: 150)) },
                         isFooter("index entry for the snapshot after 128 events: the snapshot after 128 events has fingerprint"))
        let off = try withFooter(p, "off.trace.gz") { $0.index[2].offsetInMember += 3 }
        assertTraceError(off, { _ = try self.replay(off, ReplayOptions(from: 150)) },
                         isFooter("index entry for the snapshot after 128 events"))
        assertTraceError(off, { _ = try TraceReader(path: off).snapshot(atOrBefore: 150) },
                         isFooter("index entry for the snapshot after 128 events"))
        let far = try withFooter(p, "far.trace.gz") { $0.index[2].memberOffset = 1 << 40 }
        assertTraceError(far, { _ = try self.replay(far, ReplayOptions(from: 150)) },
                         isFooter("index entry for the snapshot after 128 events points at byte"))
        // From a seek point on, the rest of the index is checked too.
        let late = try withFooter(p, "late.trace.gz") { $0.index[6].clock &+= 1 }
        assertTraceError(late, { _ = try self.replay(late, ReplayOptions(from: 150)) }, isFooter("has clock"))
    }

    func testFooterAndTailErrorsAreLabelledFooterWhenSeeking() throws {
        let p = try record("l.trace.gz", events: 300, k: 64)
        let order = try withFooter(p, "order.trace.gz") { $0.index.swapAt(1, 2) }
        assertTraceError(order, { _ = try self.replay(order, ReplayOptions(from: 100)) }, isFooter("index not in event order"))
        assertTraceError(order, { _ = try TraceReader(path: order).loadFooter() }, isFooter("index not in event order"))
        assertTraceError(order, { try self.readAll(order) }, isFooter("index not in event order"))

        // The tail: a wrong footer offset, seen by a seek and by a full read.
        var payloads = try memberPayloads(p)
        var tail = payloads[payloads.count - 1]
        tail[9] ^= 0x01                                              // low byte of the footer offset
        payloads[payloads.count - 1] = tail
        let moved = path("tail.trace.gz")
        try writeMembers(payloads, moved)
        assertTraceError(moved, { _ = try self.replay(moved, ReplayOptions(from: 100)) }, isFooter("tail does not point at the footer"))
        assertTraceError(moved, { try self.readAll(moved) }, isFooter("tail says the footer starts the member at byte"))
    }

    func testShowAndReplayRejectTheSameRanges() throws {
        let p = try record("r.trace.gz", events: 100)
        let bad: [(UInt64, UInt64?, String)] = [(0, nil, "--from counts events from 1"),
                                                (400, nil, "--from 400 is beyond the last event (100)"),
                                                (50, 10, "--to 10 is before --from 50")]
        for (from, to, text) in bad {
            let isRequest: (TraceError) -> Bool = { if case .invalidRequest(_, let d) = $0 { return d == text }; return false }
            assertTraceError(p, { _ = try self.replay(p, ReplayOptions(from: from, to: to)) }, isRequest)
            assertTraceError(p, { try Timeline().render(try TraceReader(path: p), from: from, to: to) { _ in } }, isRequest)
            XCTAssertEqual(EventRange.problem(from: from, to: to) == nil, from == 400)
        }
        var lines: [String] = []
        try Timeline().render(try TraceReader(path: p), from: 100, to: 100) { lines.append($0) }
        XCTAssertEqual(lines.filter { $0.hasPrefix("#") }.count, 1)
    }
}
