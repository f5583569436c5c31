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
        XCTAssertEqual(d?.description, ".a.b: [3 elements] -> [2 elements]\n.a.b[1]: 2 -> 5\n.a.b[2]: 3 -> (absent)\n.d: (absent) -> true")
        XCTAssertNil(StateDiff.between(recorded: Array("{".utf8), replayed: b))
    }

    private func diff(_ a: String, _ b: String) -> [String]? {
        StateDiff.between(recorded: Array(a.utf8), replayed: Array(b.utf8))?.lines.map(\.description)
    }

    /// A list that exists on both sides reads as a list that changed length,
    /// then its new or removed elements' fields as `(absent)` on the side
    /// where they do not exist; never as a list that is gone.
    func testStateDiffNamesAListThatGrowsOrShrinks() {
        let empty = #"{"ring":[]}"#, one = #"{"ring":[{"seq":1,"tag":"a"}]}"#
        XCTAssertEqual(diff(empty, one), [".ring: [] -> [1 element]", #".ring[0].seq: (absent) -> 1"#, #".ring[0].tag: (absent) -> "a""#])
        XCTAssertEqual(diff(one, empty), [".ring: [1 element] -> []", #".ring[0].seq: 1 -> (absent)"#, #".ring[0].tag: "a" -> (absent)"#])
        XCTAssertEqual(diff(#"{"xs":[[1],[]]}"#, #"{"xs":[[1,2]]}"#),
                       [".xs: [2 elements] -> [1 element]", ".xs[0]: [1 element] -> [2 elements]", ".xs[0][1]: (absent) -> 2",
                        ".xs[1]: [] -> (absent)"])
        XCTAssertEqual(diff(one, one), [])
    }

    /// A member of an object (a field, an enum case, a dictionary key) that
    /// exists on one side only has a line of its own, with its size when it
    /// holds more; an object gets no size line (its members say it).
    func testStateDiffNamesMembersAddedAndRemoved() {
        XCTAssertEqual(diff(#"{"s":{"free":{}}}"#, #"{"s":{"owned":{"_0":3}}}"#),
                       [".s.free: {} -> (absent)", ".s.owned: (absent) -> {1 key}", ".s.owned._0: (absent) -> 3"])
        XCTAssertEqual(diff(#"{"a":1,"z":2}"#, #"{"a":1,"f":[4,5],"z":2}"#),
                       [".f: (absent) -> [2 elements]", ".f[0]: (absent) -> 4", ".f[1]: (absent) -> 5"])
        XCTAssertEqual(diff(#"{"m":{}}"#, #"{"m":{"k":7}}"#), [".m.k: (absent) -> 7"])
        XCTAssertEqual(diff(#"{"a":1,"b":2}"#, #"{"b":2,"c":3}"#), [".a: 1 -> (absent)", ".c: (absent) -> 3"])
        // A value that changes kind: both sides as they are, then what is under either.
        XCTAssertEqual(diff(#"{"x":null}"#, #"{"x":[7]}"#), [".x: null -> [1 element]", ".x[0]: (absent) -> 7"])
        XCTAssertEqual(diff(#"{"x":{}}"#, #"{"x":[]}"#), [".x: {} -> []"])
        XCTAssertEqual(diff("3", "4"), [".: 3 -> 4"])
    }

    /// `flatten`, now read off the same tree as the diff, gives what it gave.
    func testFlattenIsUnchanged() throws {
        let f = try XCTUnwrap(StateCodec.flatten(Array(#" {"a":{"b":[1,{}]},"c":"x\"y","e":[] , "n":null}"#.utf8)))
        XCTAssertEqual(f.map { "\($0.path)=\($0.value)" }, [".a.b[0]=1", ".a.b[1]={}", #".c="x\"y""#, ".e=[]", ".n=null"])
        XCTAssertEqual(StateCodec.flatten(Array("true".utf8))?.map(\.path), ["."])
        for bad in ["{", "[1,", "{} x", #"{"a" 1}"#, "", "[1 2]"] {
            XCTAssertNil(StateCodec.flatten(Array(bad.utf8)), bad)
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        XCTAssertNil(StateCodec.flatten(Array(deep.utf8)), "nesting past 512 levels is refused")
    }

    /// A trace's strings come from a file: printed as text, their control
    /// characters are escapes, not terminal commands.
    func testHeaderLinesEscapeControlCharacters() {
        var h = TraceHeader(toolVersion: "0.3.0", specFileName: "evil\u{1B}[2J.exo", specText: "", mode: .seededRun, seed: 1)
        h.setMetadata("note", "a\u{7}b\u{9B}c")
        let lines = Timeline().headerLines(h)
        XCTAssertTrue(lines.contains { $0.hasPrefix("spec: evil\\u{1B}[2J.exo (xxh3-128 ") }, "\(lines)")
        XCTAssertTrue(lines.contains("meta note: a\\u{7}b\\u{9B}c"), "\(lines)")
        XCTAssertFalse(lines.joined().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        XCTAssertEqual(Timeline.printable("plain é ✓"), "plain é ✓")
    }
}
