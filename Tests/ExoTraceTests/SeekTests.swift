import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

final class SeekTests: TraceTestCase {
    func testReplayFromASnapshotMatchesReplayFromZero() throws {
        let p = try record("s.trace.gz", events: 5000, k: 512)
        let full = try XCTUnwrap(summary(try replay(p)))
        var seen: [UInt64] = []
        let mid = try XCTUnwrap(summary(try Replayer(model: ToyModel(), reader: try TraceReader(path: p))
            .run(ReplayOptions(from: 3000)) { r, _ in seen.append(r.number) }))
        XCTAssertEqual(mid.startSnapshot, 2560)
        XCTAssertEqual(mid.finalFingerprint, full.finalFingerprint)
        XCTAssertEqual(mid.finalClock, full.finalClock)
        XCTAssertEqual(seen.first, 3000)
        XCTAssertEqual(seen.last, 5000)
        XCTAssertEqual(mid.lastEvent, 5000)

        let part = try XCTUnwrap(summary(try replay(p, ReplayOptions(from: 100, to: 200))))
        XCTAssertEqual(part.lastEvent, 200)
        XCTAssertFalse(part.reachedEnd)
    }

    func testSeekingToSnapshotsThatStraddleMembers() throws {
        let p = try record("m.trace.gz", events: 12_000, k: 7)
        XCTAssertGreaterThan(try memberPayloads(p).count, 4)
        let full = try XCTUnwrap(summary(try replay(p)))
        for from: UInt64 in [2, 8, 9, 6_000, 12_000] {
            let s = try XCTUnwrap(summary(try replay(p, ReplayOptions(from: from))), "from \(from)")
            XCTAssertEqual(s.finalFingerprint, full.finalFingerprint, "from \(from)")
            XCTAssertEqual(s.startSnapshot, (from - 1) / 7 * 7, "from \(from)")
        }
    }

    func testDivergenceAfterTheSeekPointIsTheSameEvent() throws {
        let p = try record("s.trace.gz", events: 3000, k: 256)
        let bad = path("bad.trace.gz")
        try rewrite(p, bad) { if $0.number == 2222 { $0.fingerprint32 &+= 1 } }
        XCTAssertEqual(divergence(try replay(bad))?.event, 2222)
        XCTAssertEqual(divergence(try replay(bad, ReplayOptions(from: 2100)))?.event, 2222)
    }

    func testIndexPointsAtSnapshots() throws {
        let p = try record("s.trace.gz", events: 1000, k: 100)
        let r = try TraceReader(path: p)
        let f = try r.loadFooter()
        XCTAssertEqual(f.index.map(\.eventCount), Array(stride(from: 0, through: 1000, by: 100)))
        let e = try r.seek(toSnapshotAtOrBefore: 777)
        XCTAssertEqual(e.eventCount, 700)
        guard case .snapshot(let s)? = try r.next() else { return XCTFail("snapshot expected") }
        XCTAssertEqual(s.eventCount, 700)
        XCTAssertEqual(s.fingerprint, e.fingerprint)
        guard case .event(let ev)? = try r.next() else { return XCTFail("event expected") }
        XCTAssertEqual(ev.number, 701)
        while try r.next() != nil {}
        XCTAssertEqual(r.footer, f, "the chain verifies from a seek point to the end")
        let s3 = try TraceReader(path: p).snapshot(atOrBefore: 350)
        XCTAssertEqual(s3.eventCount, 300)
        XCTAssertTrue(StateCodec.flatten(s3.state)?.contains { $0.path == ".counters[0]" } ?? false)
    }
}
