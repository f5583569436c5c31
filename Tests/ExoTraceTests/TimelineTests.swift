import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

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
