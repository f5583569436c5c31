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
        // Only the result was changed: the states agree, and no diff against
        // a snapshot (which would show what other events changed) is shown.
        XCTAssertTrue(d.statesAgree)
        XCTAssertNil(d.stateDiff)
        XCTAssertTrue(text.contains("the post-state's fingerprint and clock are the recorded ones: only the event differs"), text)
        XCTAssertFalse(text.contains("state diff"), text)
    }

    /// A snapshot whose stored state is the replayed one but whose
    /// fingerprint is not is a divergence (it is what a trace from another
    /// version of the model looks like), and the report says why no field
    /// differs.
    func testASnapshotWhoseFingerprintAloneDiffersSaysWhy() throws {
        let p = try record("o.trace.gz", events: 200, k: 64)
        let bad = path("selfsnap.trace.gz")
        try rewrite(p, bad, snapshot: { s in
            guard s.eventCount == 128 else { return }
            var st = try JSONDecoder().decode(ToyModel.State.self, from: Data(s.state))
            st.counters[2] += 100
            s.fingerprint = ToyModel().fingerprint128(of: st)   // the state itself is left as it was
        })
        let d = try XCTUnwrap(divergence(try replay(bad)))
        XCTAssertEqual(d.kind, .snapshotMismatch)
        XCTAssertEqual(d.event, 128)
        XCTAssertEqual(d.stateDiff?.isEmpty, true)
        let text = d.report()
        XCTAssertTrue(text.contains("(no field differs: the state stored there is the replayed state, but its fingerprint or clock is not"), text)
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
        // One snapshot's state and fingerprint taken from a different state.
        let bad = path("snap.trace.gz")
        try rewrite(p, bad, snapshot: { s in
            guard s.eventCount == 128 else { return }
            var st = try JSONDecoder().decode(ToyModel.State.self, from: Data(s.state))
            st.counters[2] += 100
            s.state = Array(try StateCodec.makeEncoder().encode(st))
            s.fingerprint = ToyModel().fingerprint128(of: st)
        })
        let d = try XCTUnwrap(divergence(try replay(bad)))
        XCTAssertEqual(d.kind, .snapshotMismatch)
        XCTAssertEqual(d.event, 128)
        XCTAssertEqual(d.diffSnapshot?.relation, .same)
        XCTAssertEqual(d.stateDiff?.lines.map(\.path), [".counters[2]"])
    }

    /// The divergence report words a list that changed length as the
    /// timeline does: `counters: [] -> [3 elements]`, not as a list that is gone.
    func testSnapshotDiffNamesAListThatChangedLength() throws {
        let p = try record("o.trace.gz", events: 200, k: 64)
        let bad = path("len.trace.gz")
        var counters: [UInt32] = []
        try rewrite(p, bad, snapshot: { s in
            guard s.eventCount == 128 else { return }
            var st = try JSONDecoder().decode(ToyModel.State.self, from: Data(s.state))
            counters = st.counters
            st.counters = []
            s.state = Array(try StateCodec.makeEncoder().encode(st))
            s.fingerprint = ToyModel().fingerprint128(of: st)
        })
        let d = try XCTUnwrap(divergence(try replay(bad)))
        XCTAssertEqual(d.kind, .snapshotMismatch)
        XCTAssertEqual(counters.count, 3)
        let expected = [".counters: [] -> [3 elements]"] + counters.enumerated().map { ".counters[\($0)]: (absent) -> \($1)" }
        XCTAssertEqual(d.stateDiff?.lines.map(\.description), expected)
        let report = d.report()
        XCTAssertTrue(report.contains("(path: snapshot -> replayed):\n    " + expected.joined(separator: "\n    ")), report)
        XCTAssertFalse(report.contains("counters: [] -> (absent)"), report)
    }

    func testChainDetectsAChangedByte() throws {
        let p = try record("o.trace.gz", events: 300, k: 100)
        // The last byte of event 17 (a byte of its fingerprint field).
        let offsets = try recordOffsets(p)
        let i = try XCTUnwrap(offsets.firstIndex { if case .event(let e) = $0.item { return e.number == 17 }; return false })
        let bad = path("flip.trace.gz")
        try writeMembers(flip(try memberPayloads(p), at: offsets[i + 1].start - 1, mask: 0x40), bad)

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
        let found = try recordOffsets(p).first { if case .snapshot(let s) = $0.item { return s.eventCount == 100 }; return false }
        guard let (item, start) = found, case .snapshot(let s) = item else { return XCTFail("no snapshot at 100") }
        var fields: [UInt8] = [TraceFormat.tagSnapshot]
        fields.appendVarint(s.eventCount); fields.appendVarint(s.clock); fields.appendFingerprint(s.fingerprint)
        let bad = path("chain.trace.gz")
        try writeMembers(flip(try memberPayloads(p), at: start + fields.count, mask: 1), bad)
        let d = divergence(try replay(bad))
        XCTAssertEqual(d?.kind, .chainMismatch)
        XCTAssertEqual(d?.event, 100)
        // A chain check reads no state: no clock, and the values are chain
        // values, not fingerprints.
        XCTAssertNil(d?.clock)
        let text = d?.report() ?? ""
        XCTAssertTrue(text.hasPrefix("divergence at event 100: the records do not hash"), text)
        XCTAssertTrue(text.contains("chain value stored "), text)
        XCTAssertFalse(text.contains("fingerprint expected"), text)
        XCTAssertTrue(TraceError.chainMismatch(file: bad, event: 100, stored: 1, computed: 2).isDivergence)
    }
}
