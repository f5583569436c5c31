import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

final class DivergenceTests: TraceTestCase {
    func testAlteredFingerprintNamesTheEvent() throws {
        let p = try record("o.trace.gz", events: 400, k: 64)
        let bad = path("fp.trace.gz")
        try rewrite(p, bad) { if $0.number == 137 { $0.fingerprint32 ^= 1 } }
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.kind, .fingerprintMismatch)
        XCTAssertEqual(d?.event, 137)
        XCTAssertNotEqual(d?.expectedFingerprint, d?.actualFingerprint)
        XCTAssertEqual(d?.actualFingerprint.count, 8)
    }

    func testAlteredEventNamesTheEventAndBothVersions() throws {
        let p = try record("o.trace.gz", events: 400, k: 64)
        let bad = path("ev.trace.gz")
        var recorded: Event?
        try rewrite(p, bad) {
            if $0.number == 200 { $0.event.result &+= 1; recorded = $0.event }
        }
        let d = try XCTUnwrap(divergence(try replay(bad)))
        XCTAssertEqual(d.kind, .eventMismatch)
        XCTAssertEqual(d.event, 200)
        XCTAssertEqual(d.recorded, recorded)
        XCTAssertNotEqual(d.replayed, recorded)
        let text = d.report(namer: EventNamer(model: ToyModel()))
        XCTAssertTrue(text.hasPrefix("divergence at event 200"), text)
        XCTAssertTrue(text.contains("recorded:"), text)
    }

    func testAlteredChoiceNamesTheEvent() throws {
        let p = try record("o.trace.gz", events: 400, k: 64)
        let bad = path("ch.trace.gz")
        try rewrite(p, bad) { if $0.number == 90 { $0.choice = 50 } }
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.kind, .choiceOutOfRange(choice: 50, available: 5))
        XCTAssertEqual(d?.event, 90)

        let bad2 = path("ch2.trace.gz")
        try rewrite(p, bad2) { if $0.number == 91 { $0.choice = ($0.choice + 1) % 5 } }
        XCTAssertEqual(divergence(try replay(bad2))?.event, 91)
    }

    func testAlteredClockIsCaught() throws {
        let p = try record("o.trace.gz", events: 100, k: 64)
        let bad = path("cl.trace.gz")
        try rewrite(p, bad) { if $0.number >= 30 { $0.clock += 1 } }
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.kind, .clockMismatch)
        XCTAssertEqual(d?.event, 30)
    }

    func testChangedModelGivesFieldLevelDiff() throws {
        let p = try record("o.trace.gz", events: 300, k: 64)
        let d = try XCTUnwrap(divergence(try replay(p, model: ToyModel(skewCounter: 1))))
        XCTAssertEqual(d.kind, .eventMismatch, "the first bump of counter 1 returns a different value")
        XCTAssertEqual(d.recorded?.actor, 1)
        let diff = try XCTUnwrap(d.stateDiff)
        let ref = try XCTUnwrap(d.diffSnapshot)
        XCTAssertTrue(ref.relation == .preceding || ref.relation == .following)
        XCTAssertTrue(diff.lines.contains { $0.path.hasPrefix(".counters[1]") }, diff.description)
        XCTAssertTrue(d.report().contains("state diff"), d.report())
    }

    func testSnapshotMismatchDiffsAtTheSamePoint() throws {
        let p = try record("o.trace.gz", events: 200, k: 64)
        // Rewrite with one snapshot's state and fingerprint taken from a different state.
        let r = try TraceReader(path: p)
        let bad = path("snap.trace.gz")
        let w = try TraceWriter(path: bad, header: r.header)
        let m = ToyModel()
        while let item = try r.next() {
            switch item {
            case .event(let e): try w.appendEvent(choice: e.choice, event: e.event, clock: e.clock, fingerprint32: e.fingerprint32)
            case .snapshot(var s):
                if s.eventCount == 128 {
                    var st = try JSONDecoder().decode(ToyModel.State.self, from: Data(s.state))
                    st.counters[2] += 100
                    s.state = Array(try StateCodec.makeEncoder().encode(st))
                    s.fingerprint = m.fingerprint128(of: st)
                }
                try w.appendSnapshot(state: s.state, clock: s.clock, fingerprint: s.fingerprint)
            }
        }
        try w.finish(finalClock: r.footer!.finalClock, finalFingerprint: r.footer!.finalFingerprint)
        let d = try XCTUnwrap(divergence(try replay(bad)))
        XCTAssertEqual(d.kind, .snapshotMismatch)
        XCTAssertEqual(d.event, 128)
        XCTAssertEqual(d.diffSnapshot?.relation, .same)
        XCTAssertEqual(d.stateDiff?.lines.map(\.path), [".counters[2]"])
    }

    func testChainDetectsAChangedByte() throws {
        let p = try record("o.trace.gz", events: 300, k: 100)
        // Locate event 17 in the logical stream by re-encoding what precedes it.
        let r = try TraceReader(path: p)
        var offset = r.header.encoded().count
        var prevClock: Tick = 0
        var recordEnd = 0
        while let item = try r.next() {
            var b: [UInt8] = []
            switch item {
            case .event(let e): e.encode(into: &b, previousClock: prevClock); prevClock = e.clock
            case .snapshot(let s): s.encode(into: &b); prevClock = s.clock
            }
            offset += b.count
            if case .event(let e) = item, e.number == 17 { recordEnd = offset; break }
        }
        let bad = path("flip.trace.gz")
        try writeMembers(flip(try memberPayloads(p), at: recordEnd - 1, mask: 0x40), bad)  // event 17's fingerprint

        // The reader alone (no model) notices at the next checkpoint.
        assertTraceError(bad, { try self.readAll(bad) }) {
            if case .chainMismatch(_, let e, _, _) = $0 { return e == 100 }
            return false
        }
        // Replay pins it to the event.
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.event, 17)
        XCTAssertEqual(d?.kind, .fingerprintMismatch)
    }

    func testChainMismatchIsADivergenceInReplay() throws {
        let p = try record("o.trace.gz", events: 150, k: 100)
        // Change a snapshot's stored chain: the events still replay, the chain does not.
        let r = try TraceReader(path: p)
        var offset = r.header.encoded().count
        var prevClock: Tick = 0
        var chainAt = 0
        while let item = try r.next() {
            var b: [UInt8] = []
            switch item {
            case .event(let e): e.encode(into: &b, previousClock: prevClock); prevClock = e.clock
            case .snapshot(let s):
                s.encode(into: &b); prevClock = s.clock
                if s.eventCount == 100 {
                    var hdr: [UInt8] = [TraceFormat.tagSnapshot]
                    hdr.appendVarint(s.eventCount); hdr.appendVarint(s.clock); hdr.appendFingerprint(s.fingerprint)
                    chainAt = offset + hdr.count
                }
            }
            offset += b.count
        }
        let bad = path("chain.trace.gz")
        try writeMembers(flip(try memberPayloads(p), at: chainAt, mask: 1), bad)
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.kind, .chainMismatch)
        XCTAssertEqual(d?.event, 100)
        XCTAssertTrue(TraceError.chainMismatch(file: bad, event: 100, stored: 1, computed: 2).isDivergence)
    }
}
