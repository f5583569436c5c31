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
