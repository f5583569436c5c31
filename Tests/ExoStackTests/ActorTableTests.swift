import ExoCore
import XCTest
@testable import ExoStack

/// The actor table against the plain `[ActorState]` it replaces: the same
/// values, the same canonical bytes, the same snapshots, inline and spilled.
final class ActorTableTests: XCTestCase {
    /// Three actors without locals (the grant/revoke shape: inline) and
    /// four with three locals each (16 words: spilled).
    let shapes: [[ActorState]] = [
        [ActorState(pc: 3, locals: []), ActorState(pc: 5, locals: []), ActorState(pc: 7, locals: [])],
        (0..<4).map { ActorState(pc: Int32($0), locals: [Int32($0), -1, 9]) },
        [ActorState(pc: 1, locals: [4, 2]), ActorState(pc: 0, locals: [])],
        [],
    ]

    func testReadsBackWhatItWasGiven() {
        for actors in shapes {
            let t = ActorTable(actors)
            XCTAssertEqual(Array(t), actors)
            XCTAssertEqual(t.count, actors.count)
            for i in actors.indices {
                XCTAssertEqual(t.pc(of: i), actors[i].pc)
                XCTAssertEqual(t.withLocals(of: i) { Array($0) }, actors[i].locals)
            }
            var seen: [ActorState] = []
            t.forEachActor { i, pc, locals in
                XCTAssertEqual(i, seen.count)
                seen.append(ActorState(pc: pc, locals: Array(locals)))
            }
            XCTAssertEqual(seen, actors)
        }
    }

    func testEncodesAsTheArrayOfActorStates() throws {
        for actors in shapes {
            XCTAssertEqual(ActorTable(actors).canonicalBytes, actors.canonicalBytes)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = try encoder.encode(ActorTable(actors))
            XCTAssertEqual(json, try encoder.encode(actors))
            XCTAssertEqual(try JSONDecoder().decode(ActorTable.self, from: json), ActorTable(actors))
        }
    }

    func testAdvanceWritesWhatAStepChanges() {
        for actors in shapes where !actors.isEmpty {
            let last = actors.count - 1
            let n = actors[last].locals.count
            var t = ActorTable(actors)
            var expected = actors
            t.advance(last, to: 42, locals: nil, bind: -1, result: 0)
            expected[last].pc = 42
            XCTAssertEqual(Array(t), expected)
            if n > 0 {
                let locals = (0..<n).map { Int32(100 + $0) }
                t.advance(last, to: 43, locals: locals, bind: n - 1, result: -7)
                expected[last] = ActorState(pc: 43, locals: locals)
                expected[last].locals[n - 1] = -7
                XCTAssertEqual(Array(t), expected)
            }
            // Equality sees every word: a changed pc is a different table.
            XCTAssertNotEqual(t, ActorTable(actors))
        }
    }

    /// What the explorer's self-loop test relies on: a step that leaves
    /// every actor where it was is recognised, and one that moves an actor
    /// is not (inline by value, spilled by buffer identity).
    func testSharesStorageOnlyWhenNothingMoved() {
        for actors in shapes where !actors.isEmpty {
            let t = ActorTable(actors)
            var same = t
            same.advance(0, to: actors[0].pc, locals: actors[0].locals, bind: -1, result: 0)
            XCTAssertTrue(same.sharesStorage(with: t))
            var moved = t
            moved.advance(0, to: actors[0].pc + 1, locals: nil, bind: -1, result: 0)
            XCTAssertFalse(moved.sharesStorage(with: t))
            XCTAssertTrue(t.sharesStorage(with: t))
        }
    }

    func testSettingAnActorOfAnotherShapeReshapesTheTable() {
        var t = ActorTable(shapes[0])
        t[1] = ActorState(pc: 9, locals: Array(repeating: 5, count: 12))
        var expected = shapes[0]
        expected[1] = ActorState(pc: 9, locals: Array(repeating: 5, count: 12))
        XCTAssertEqual(Array(t), expected)
        XCTAssertEqual(t.canonicalBytes, expected.canonicalBytes)
    }

    /// The boundary: nine words stay inline, ten spill; a spilled table
    /// reshaped to fit goes back inline; a copy of a spilled table is a
    /// value (writing it leaves the original alone).
    func testInlineAndSpilledAtTheBoundary() {
        let nine = [ActorState(pc: 1, locals: [1, 2, 3, 4, 5, 6, 7])]
        let ten = [ActorState(pc: 1, locals: [1, 2, 3, 4, 5, 6, 7, 8])]
        var inline = ActorTable(nine), spilled = ActorTable(ten)
        XCTAssertEqual(Array(inline), nine)
        XCTAssertEqual(Array(spilled), ten)
        XCTAssertEqual(MemoryLayout<ActorTable>.size, 48)

        let original = spilled
        spilled.advance(0, to: 2, locals: nil, bind: 7, result: 80)
        XCTAssertEqual(Array(original), ten, "the copy wrote its own words")
        XCTAssertEqual(spilled[0], ActorState(pc: 2, locals: [1, 2, 3, 4, 5, 6, 7, 80]))
        XCTAssertFalse(spilled.sharesStorage(with: original))

        spilled[0] = ActorState(pc: 3, locals: [9])
        XCTAssertEqual(spilled, ActorTable([ActorState(pc: 3, locals: [9])]))
        XCTAssertTrue(spilled.sharesStorage(with: ActorTable([ActorState(pc: 3, locals: [9])])), "inline again, compared by value")
        inline[0] = ten[0]
        XCTAssertEqual(inline, ActorTable(ten))
        XCTAssertEqual(inline.canonicalBytes, ten.canonicalBytes)
    }
}
