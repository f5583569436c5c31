import XCTest
import ExoCore
@testable import ExoCheck

/// A queue that `push` (action 0) grows and `pop` (action 1) shrinks, and
/// `last`, the message popped last, kept only while the queue is not empty
/// (an optional: a member that comes and goes): the shapes a counterexample
/// timeline has to describe as they change.
private struct QueueModel: Model {
    struct Message: Equatable, Codable, CanonicalEncodable {
        var seq: UInt32
        var payload: UInt32
        func encode(into e: inout CanonicalEncoder) { e.u32(seq); e.u32(payload) }
    }

    struct State: Equatable, Codable, CanonicalEncodable {
        var ring: [Message]
        var sent: UInt32
        var last: Message?
        func encode(into e: inout CanonicalEncoder) { e.array(ring); e.u32(sent); e.optional(last) }
    }

    func initialState() -> State { State(ring: [], sent: 0, last: nil) }
    func actions(of s: State, into out: inout [Int]) { out.append(0); out.append(1) }
    func apply(_ a: Int, to s: inout State) -> Event {
        if a == 0 {
            s.sent += 1
            s.ring.append(Message(seq: s.sent, payload: 10 * s.sent))
            return Event(actor: 0, op: 0, result: Int32(s.sent))
        }
        guard !s.ring.isEmpty else { return Event(actor: 1, op: 1, result: -1) }
        s.last = s.ring.removeFirst()
        s.last = s.ring.isEmpty ? nil : s.last
        return Event(actor: 1, op: 1, result: 0)
    }
    func check(_ s: State, into v: inout [Violation]) {}
    func clock(of s: State) -> Tick { 0 }
}

final class TimelineDiffTests: XCTestCase {
    private func changes(_ path: [UInt32]) throws -> (CounterexampleTimeline, [[String]]) {
        let m = QueueModel()
        let t = CounterexampleTimeline(model: m, replay: try XCTUnwrap(m.replay(path: path)))
        return (t, t.steps.map { $0.changes.map(\.text) })
    }

    /// A list that gains its first element reads as a list that grew, then
    /// the new element's fields; never as a list that disappeared.
    func testAListThatGrowsAndShrinksReadsAsWhatHappened() throws {
        let (t, c) = try changes([0, 0, 1, 1])
        XCTAssertEqual(c[0], ["ring: [] -> [1 element]", "ring[0].payload: (absent) -> 10", "ring[0].seq: (absent) -> 1",
                              "sent: 0 -> 1"])
        XCTAssertEqual(c[1], ["ring: [1 element] -> [2 elements]", "ring[1].payload: (absent) -> 20",
                              "ring[1].seq: (absent) -> 2", "sent: 1 -> 2"])
        // The first pop: the ring shrinks (its one remaining element moves up)
        // and the optional `last` appears, announced with its size.
        XCTAssertEqual(c[2], ["last: (absent) -> {2 keys}", "last.payload: (absent) -> 10", "last.seq: (absent) -> 1",
                              "ring: [2 elements] -> [1 element]", "ring[0].payload: 10 -> 20", "ring[0].seq: 1 -> 2",
                              "ring[1].payload: 20 -> (absent)", "ring[1].seq: 2 -> (absent)"])
        XCTAssertEqual(c[3], ["last: {2 keys} -> (absent)", "last.payload: 10 -> (absent)", "last.seq: 1 -> (absent)",
                              "ring: [1 element] -> []", "ring[0].payload: 20 -> (absent)", "ring[0].seq: 2 -> (absent)"])
        let text = t.render()
        XCTAssertTrue(text.contains("\n       ring: [] -> [1 element]\n       ring[0].payload: (absent) -> 10\n"), text)
        XCTAssertFalse(text.contains("(none)"), text)
        XCTAssertFalse(text.contains("ring: [] -> (absent)"), text)
        // The structured form keeps nil for a side where the path is absent.
        XCTAssertEqual(t.steps[0].changes[1], FieldChange(path: "ring[0].payload", before: nil, after: "10"))
        XCTAssertEqual(t.steps[0].changes[0], FieldChange(path: "ring", before: "[]", after: "[1 element]"))
    }
}
