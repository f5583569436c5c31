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

final class TimelineTests: TraceTestCase {
    func testTextTimelineWithModelAndRaw() throws {
        let p = try record("t.trace.gz", events: 30, k: 10)
        var named: [String] = []
        try Timeline(namer: EventNamer(model: ToyModel())).render(try TraceReader(path: p), from: 5, to: 7) { named.append($0) }
        XCTAssertTrue(named.contains("mode: seeded-run"))
        XCTAssertTrue(named.contains("meta mutants: none"))
        let events = named.filter { $0.hasPrefix("#") }
        XCTAssertEqual(events.count, 3)
        XCTAssertTrue(events[0].hasPrefix("#5  t="), events[0])
        XCTAssertTrue(events.allSatisfy { $0.contains("c") || $0.contains("timer") })

        var raw: [String] = []
        try Timeline().render(try TraceReader(path: p), snapshots: true) { raw.append($0) }
        XCTAssertEqual(raw.filter { $0.hasPrefix("#") }.count, 30)
        XCTAssertEqual(raw.filter { $0.hasPrefix("-- snapshot") }.count, 4)
        XCTAssertTrue(raw.last!.hasPrefix("end: 30 events"))
        XCTAssertTrue(raw.contains { $0.contains("actor") && $0.contains("op") })
    }

    func testJSONLinesParse() throws {
        let p = try record("j.trace.gz", events: 20, k: 10)
        var lines: [String] = []
        try Timeline(namer: EventNamer(model: ToyModel()), format: .jsonLines).render(try TraceReader(path: p), snapshots: true) {
            lines.append($0)
        }
        var types: [String] = []
        for l in lines {
            let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any], l)
            types.append(obj["type"] as? String ?? "?")
        }
        XCTAssertEqual(types.first, "header")
        XCTAssertEqual(types.last, "footer")
        XCTAssertEqual(types.filter { $0 == "event" }.count, 20)
        let ev = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        XCTAssertEqual(ev["n"] as? Int, 1)
        XCTAssertNotNil(ev["fp32"] as? String)
        XCTAssertNotNil(ev["op_name"] as? String)
        XCTAssertEqual(Timeline.quote("a\"b\n\u{1}"), "\"a\\\"b\\n\\u0001\"")
    }

    func testStateDiffFlattensPaths() {
        let a = Array(#"{"a":{"b":[1,2,3]},"c":"x","e":[]}"#.utf8)
        let b = Array(#"{"a":{"b":[1,5]},"c":"x","d":true,"e":[]}"#.utf8)
        let d = StateDiff.between(recorded: a, replayed: b)
        XCTAssertEqual(d?.description, ".a.b[1]: 2 -> 5\n.a.b[2]: 3 -> (absent)\n.d: (absent) -> true")
        XCTAssertNil(StateDiff.between(recorded: Array("{".utf8), replayed: b))
    }
}

final class StreamingTests: TraceTestCase {
    /// 200k events written and read back (the 1M-event run is in the
    /// release benchmark, `TraceBench`, driven by `exocheck bench`).
    func testLongTraceStreams() throws {
        let p = try record("long.trace.gz", events: 200_000, k: 4096)
        let r = try TraceReader(path: p)
        var events: UInt64 = 0, snaps = 0
        while let item = try r.next() {
            if case .event = item { events += 1 } else { snaps += 1 }
        }
        XCTAssertEqual(events, 200_000)
        XCTAssertEqual(snaps, 200_000 / 4096 + 1)
        XCTAssertEqual(r.footer?.eventCount, 200_000)
        let size = try FileManager.default.attributesOfItem(atPath: p)[.size] as! Int
        XCTAssertLessThan(Double(size) / 200_000, 8, "compressed bytes per event")
    }
}
