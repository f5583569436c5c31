import XCTest
import ExoCore
@testable import ExoCheck

final class ReductionTests: XCTestCase {
    func testSymmetryFoldsIdenticalProcesses() {
        // Multisets of 3 counters in 0...2 with nobody holding: C(5,3) = 10;
        // one holder (3 counter values) with a multiset of the other two: 3 * C(4,2) = 18.
        let m = MutexModel(processes: 3, limit: 2)
        let r = Explorer(model: m, options: options(symmetry: true)).run()
        XCTAssertEqual(r.distinct, 28)
        XCTAssertTrue(r.reductions.symmetry)
        XCTAssertEqual(Explorer(model: CountersModel(processes: 3, limit: 2), options: options(symmetry: true)).run().distinct, 10)
    }

    func testPartialOrderReducesIndependentActions() {
        // Three independent counters: the ample set is always one counter, so
        // the reduced space is a single path of 3 * 2 steps.
        let m = CountersModel(processes: 3, limit: 2)
        let full = Explorer(model: m, options: options()).run()
        let por = Explorer(model: m, options: options(por: true)).run()
        XCTAssertEqual(full.distinct, 27)
        XCTAssertEqual(por.distinct, 7)
        XCTAssertEqual(por.reductions.reducedStates, 4, "states with two or more counters still below the limit")
        XCTAssertGreaterThan(por.reductions.skippedTransitions, 0)
    }

    func testReductionsKeepEveryMutantCaught() {
        let mutants: [(MutexModel, String)] = [
            (MutexModel(processes: 4, limit: 2, ignoreLock: true), "mutual-exclusion"),
            (MutexModel(processes: 4, limit: 2, overflow: true), "counter-bound"),
        ]
        for (m, invariant) in mutants {
            for (por, sym) in [(false, false), (true, false), (false, true), (true, true)] {
                for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
                    let r = Explorer(model: m, options: options(strategy, por: por, symmetry: sym)).run()
                    XCTAssertEqual(r.violations.first?.first.invariant, invariant, "por \(por) sym \(sym) \(strategy)")
                    // The counterexample replays on the concrete model.
                    XCTAssertEqual(m.replay(path: r.violations.first?.path ?? [])?.violations.first?.invariant, invariant)
                }
            }
        }
    }

    func testReductionsSaveStatesOnTheCleanModel() throws {
        let m = MutexModel(processes: 4, limit: 3)
        let cmp = try XCTUnwrap(Explorer(model: m, options: options()).compareReductions())
        XCTAssertEqual(cmp.none, 256 * 5)
        XCTAssertGreaterThan(cmp.savedByPartialOrder, 0)
        XCTAssertGreaterThan(cmp.savedBySymmetry, 0)
        XCTAssertGreaterThan(cmp.savedByBoth, cmp.savedBySymmetry)
        // Reduced runs still say the model holds.
        XCTAssertEqual(Explorer(model: m, options: options(por: true, symmetry: true)).run().verdict, .holds)
        // A bound that cuts the unreduced search (1,280 states) leaves no
        // comparison: its count would be the bound's, not the space's.
        var cut = options()
        cut.maxStates = 1000
        XCTAssertNil(Explorer(model: m, options: cut).compareReductions())
        // The search itself, reused, counts for its own configuration.
        let reduced = Explorer(model: m, options: options(por: true, symmetry: true))
        let again = try XCTUnwrap(reduced.compareReductions(reusing: reduced.run()))
        XCTAssertEqual(again, cmp)
    }

    func testCycleProvisoKeepsPostponedActionsAlive() {
        // Actor 0's ring is always an ample set; only the proviso (expand
        // fully when an ample successor was seen) ever lets actor 1 move.
        let m = RingsModel(size: 4)
        let r = Explorer(model: m, options: options(por: true)).run()
        XCTAssertEqual(r.violations.first?.first.invariant, "b-stays-low")
        let d = Explorer(model: m, options: options(.dfs, por: true)).run()
        XCTAssertEqual(d.violations.first?.first.invariant, "b-stays-low")
    }

    func testHooksAreFoundFromGenericCode() {
        func explore<M: Model>(_ m: M) -> ExploreResult { Explorer(model: m, options: options(symmetry: true)).run() }
        XCTAssertEqual(explore(MutexModel(processes: 3, limit: 2)).distinct, 28)
    }

    func testPlainModelsIgnoreReductionSwitches() {
        struct Plain: Model {
            struct State: Equatable, Codable, CanonicalEncodable {
                var n: UInt8
                func encode(into e: inout CanonicalEncoder) { e.u8(n) }
            }
            func initialState() -> State { State(n: 0) }
            func clock(of s: State) -> Tick { 0 }
            func actions(of s: State, into out: inout [Int]) { if s.n < 5 { out.append(0); out.append(1) } }
            func apply(_ a: Int, to s: inout State) -> Event { s.n += UInt8(a + 1); return Event(actor: 0, op: UInt16(a)) }
            func check(_ s: State, into v: inout [Violation]) {}
        }
        let r = Explorer(model: Plain(), options: options(por: true, symmetry: true)).run()
        XCTAssertEqual(r.distinct, 7)
        XCTAssertFalse(r.reductions.partialOrder)
        XCTAssertFalse(r.reductions.symmetry)
    }
}
