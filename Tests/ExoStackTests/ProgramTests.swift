import XCTest
@testable import ExoStack

final class ProgramTests: XCTestCase {
    func call(_ op: Op, _ args: [OperandExpr] = [], bind: Int? = nil) -> Stmt {
        .call(Call(op: op, args: args, bind: bind))
    }

    func testSequenceEndsInHalt() throws {
        let p = try Program.compile([call(.alloc, bind: 0), call(.free, [.local(0)])], namedLocals: ["f"])
        XCTAssertEqual(p.code.count, 3)
        XCTAssertEqual(p.code.last, .halt)
        XCTAssertEqual(p.localCount, 1)
    }

    func testEitherJumpsPastAllBranches() throws {
        let p = try Program.compile([.either([[call(.alloc)], [call(.seal), call(.seal)]]), call(.spawn)])
        // choose, alloc, jump, seal, seal, jump, spawn, halt
        XCTAssertEqual(p.code[0], .choose([1, 3]))
        XCTAssertEqual(p.code[2], .jump(6))
        XCTAssertEqual(p.code[5], .jump(6))
        XCTAssertEqual(p.code[6], .call(Call(op: .spawn, args: [])))
    }

    func testRepeatUsesCounterSlotAfterNamedLocals() throws {
        let p = try Program.compile([.repeatN(2, [call(.alloc)])], namedLocals: ["x"])
        XCTAssertEqual(p.localCount, 2)
        XCTAssertEqual(p.code[0], .setCounter(slot: 1, value: 2))
        XCTAssertEqual(p.code[1], .countDown(slot: 1, exit: 4))
        XCTAssertEqual(p.code[3], .jump(1))
        XCTAssertEqual(p.code[4], .halt)
    }

    /// How many calls an actor running `p` makes, taking the first
    /// continuation each time as the model does (past the call, at the
    /// resting pc, with the continuation's locals), up to `limit`.
    func callsMade(_ p: Program, limit: Int = 20) -> Int {
        var actor = ActorState(pc: p.restingPC(0), localCount: p.localCount)
        var n = 0
        while n < limit {
            var conts: [Continuation] = []
            p.continuations(of: actor, into: &conts)
            guard let c = conts.first else { break }
            actor = ActorState(pc: p.restingPC(c.pc + 1), locals: c.locals)
            n += 1
        }
        return n
    }

    /// A path back to a counter's test with the counter set again is a new
    /// round, not a cycle: the walk used to cut on the pc alone, so a loop
    /// around a repeat stopped after its first round and nested repeats ran
    /// their outer body once.
    func testRepeatsInsideLoopsAndRepeatsRunEveryRound() throws {
        XCTAssertEqual(callsMade(try Program.compile([.loop([.repeatN(1, [call(.alloc)])])])), 20)
        XCTAssertEqual(callsMade(try Program.compile([.repeatN(2, [.repeatN(1, [call(.alloc)])])])), 2)
        XCTAssertEqual(callsMade(try Program.compile([.repeatN(2, [.repeatN(3, [call(.alloc)])])])), 6)
        XCTAssertEqual(callsMade(try Program.compile([.repeatN(3, [call(.alloc)]), call(.seal)])), 4)
    }

    /// Every round of a repeat passes a call or wait, so the walk is never
    /// longer than the program: `repeat 0` (a round with none, nested in a
    /// long repeat a recursion as deep as the count) is refused.
    func testRepeatZeroIsRefused() {
        XCTAssertThrowsError(try Program.compile([.repeatN(1000, [.repeatN(0, [call(.alloc)])])])) { e in
            XCTAssertEqual(e as? Program.CompileError, .repeatCountBelowOne(0))
        }
    }

    func testLoopJumpsBack() throws {
        let p = try Program.compile([call(.seal), .loop([call(.alloc)])])
        XCTAssertEqual(p.code[2], .jump(1))
    }

    func testEmptyBodiesRefused() {
        XCTAssertThrowsError(try Program.compile([.loop([])]))
        XCTAssertThrowsError(try Program.compile([.either([[call(.alloc)], []])]))
        XCTAssertThrowsError(try Program.compile([.repeatN(-1, [call(.alloc)])]))
    }

    func testCatalogueNamesAreUniqueAndLookupWorks() {
        var names: [String] = []
        for row in Catalogue.ops {
            XCTAssertFalse(names.contains(row.name), "duplicate name \(row.name)")
            names.append(row.name)
            XCTAssertEqual(Catalogue.op(named: row.name), row.op)
            XCTAssertEqual(Catalogue.info(row.op).name, row.name)
        }
        XCTAssertNil(Catalogue.op(named: "map_grant"))
        for s in SetKind.allCases { XCTAssertEqual(Catalogue.setInfo(s).kind, s) }
    }

    func testElementArityMatchesTheCatalogue() {
        for s in SetKind.allCases {
            XCTAssertEqual(s.elementArity, Catalogue.setInfo(s).element.count, "\(s)")
        }
    }
}
