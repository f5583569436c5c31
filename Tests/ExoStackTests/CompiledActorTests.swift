import XCTest
@testable import ExoStack

/// The compiled actor's precomputed continuations are exactly what walking
/// the program gives, and counters still take the walk.
final class CompiledActorTests: XCTestCase {
    func call(_ op: Op) -> Stmt { .call(Call(op: op, args: [])) }

    /// Every continuation `CompiledActor` answers for `state`, in branch order.
    func compiledContinuations(_ a: CompiledActor, _ state: ActorState) -> [Continuation] {
        var out: [Continuation] = []
        var k = 0
        while let c = a.continuation(k, of: state) {
            out.append(Continuation(pc: c.pc, locals: c.locals ?? state.locals))
            k += 1
        }
        return out
    }

    func testAgreesWithTheWalkAtEveryPc() throws {
        let body: [Stmt] = [
            call(.seal),
            .loop([.either([[call(.alloc)], [.either([[call(.free)], [call(.spawn)]])], [call(.protect), call(.seal)]])]),
        ]
        let repeated: [Stmt] = [.repeatN(2, [.either([[call(.alloc)], [call(.free)]])]), call(.seal)]
        for stmts in [body, repeated] {
            let program = try Program.compile(stmts)
            let actor = CompiledActor(ActorSpec(name: "a", principal: .domain(0), program: program))
            for pc in -1...Int32(program.code.count) {
                for counter: Int32 in [0, 1, 2] {
                    let state = ActorState(pc: pc, locals: [Int32](repeating: counter, count: program.localCount))
                    var walked: [Continuation] = []
                    program.continuations(of: state, into: &walked)
                    XCTAssertEqual(compiledContinuations(actor, state), walked, "pc \(pc) counter \(counter)")
                }
            }
        }
    }

    func testRestingPcFollowsJumpsOnlyAndKeepsTheContinuations() throws {
        let body: [Stmt] = [
            call(.seal),
            .loop([.either([[call(.alloc)], [call(.free)], [call(.protect), call(.seal)]])]),
        ]
        let program = try Program.compile(body)
        let plan = CallPlan(principal: .domain(0), program: program)
        defer { plan.deallocate() }
        var jumps = 0
        for pc in -1...Int32(program.code.count) {
            let r = program.restingPC(pc)
            XCTAssertEqual(plan.resting(pc), r, "the plan's table agrees at pc \(pc)")
            if pc >= 0, Int(pc) < program.code.count, case .jump = program.code[Int(pc)] {
                jumps += 1
                XCTAssertNotEqual(r, pc, "a jump is never a resting place")
            } else {
                XCTAssertEqual(r, pc, "only jumps move: pc \(pc)")
            }
            // Resting changes nothing about what the actor can do next.
            let locals = [Int32](repeating: 0, count: program.localCount)
            var from: [Continuation] = [], rested: [Continuation] = []
            program.continuations(of: ActorState(pc: pc, locals: locals), into: &from)
            program.continuations(of: ActorState(pc: r, locals: locals), into: &rested)
            XCTAssertEqual(from, rested, "pc \(pc)")
        }
        XCTAssertGreaterThan(jumps, 0, "the loop compiles to jumps back to its head")
        // After alloc, free or the second seal, every branch rests at one pc.
        let afterCalls = program.code.indices.filter {
            if case .call = program.code[$0] { return $0 > 0 } else { return false }
        }
        let rests = Set(afterCalls.filter { $0 + 1 < program.code.count }.map { program.restingPC(Int32($0 + 1)) })
        XCTAssertLessThanOrEqual(rests.count, 2, "one loop head, plus the pc between protect and seal")
    }

    func testCountersAreNotPrecomputed() throws {
        let program = try Program.compile([.repeatN(1, [call(.alloc)]), .loop([call(.seal)])])
        let actor = CompiledActor(ActorSpec(name: "a", principal: .domain(0), program: program))
        XCTAssertNil(actor.plan.fixedContinuations(at: 0), "setCounter on the way")
        XCTAssertNil(actor.plan.fixedContinuations(at: 1), "countDown on the way")
        let seal = Int32(try XCTUnwrap(program.code.firstIndex(of: .call(Call(op: .seal, args: [])))))
        XCTAssertEqual(actor.plan.fixedContinuations(at: seal).map { $0.map { actor.plan.fixedPCs[$0] } }, [seal], "inside the loop nothing reads a counter")
        XCTAssertEqual(actor.plan.fixedContinuations(at: seal + 1).map { $0.map { actor.plan.fixedPCs[$0] } }, [seal], "the loop's jump back")
        // Leaving the repeat: the walk takes the exit once the counter is spent.
        let spent = ActorState(pc: 1, locals: [0])
        XCTAssertEqual(actor.continuation(0, of: spent)?.pc, seal)
        XCTAssertNil(actor.continuation(1, of: spent))
    }
}
