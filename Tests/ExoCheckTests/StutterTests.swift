import XCTest
import ExoCore
@testable import ExoCheck

/// P counters, 0...limit each; `inc(p)` adds one to counter p. A call is
/// refused (it stays enabled and changes nothing) once its counter is at
/// the limit, or, when `jamSum` is set, once the counters add up to it:
/// every state at that sum is one where nothing can change any more. With
/// `identityBlind` the model never recognises an unchanged successor
/// (`isUnchanged` is false), so the explorer has to compare with `==`.
struct JamModel: Model {
    var processes: Int
    var limit: UInt8
    var jamSum: Int? = nil
    var checksStutter = true
    var identityBlind = false

    struct State: Equatable, Codable, CanonicalEncodable {
        var counter: [UInt8]
        func encode(into e: inout CanonicalEncoder) { e.array(counter) }
    }

    func initialState() -> State { State(counter: Array(repeating: 0, count: processes)) }

    func actions(of s: State, into out: inout [Int]) {
        for p in 0..<processes { out.append(p) }
    }

    func apply(_ p: Int, to s: inout State) -> Event {
        let sum = s.counter.reduce(0) { $0 + Int($1) }
        if s.counter[p] == limit || sum == jamSum { return Event(actor: UInt16(p), op: 0, result: -1) }
        s.counter[p] += 1
        return Event(actor: UInt16(p), op: 0, result: Int32(s.counter[p]))
    }

    func check(_ s: State, into v: inout [Violation]) {}

    func stutterViolation(of s: State) -> Violation? {
        guard let steps = unchangingSteps(in: s) else { return nil }
        return Violation("no-stutter", "\(steps.count) steps, none changes \(s.counter)")
    }

    func isUnchanged(_ next: State, from state: State) -> Bool { identityBlind ? false : next == state }

    func clock(of s: State) -> Tick { 0 }
}

final class StutterTests: XCTestCase {
    func testTheStateWhereNothingChangesIsReportedAtItsDepth() throws {
        // Only the state with every counter at the limit is stuck.
        let m = JamModel(processes: 3, limit: 2)
        let r = Explorer(model: m, options: options()).run()
        XCTAssertEqual(r.verdict, .violation)
        let v = try XCTUnwrap(r.violations.first)
        XCTAssertEqual(v.first.invariant, "no-stutter")
        XCTAssertEqual(v.depth, 6, "three counters, two steps each")
        let replay = try XCTUnwrap(m.replay(path: v.path))
        XCTAssertEqual(replay.finalState.counter, [2, 2, 2])
        XCTAssertEqual(replay.violations.map(\.invariant), ["no-stutter"], "a replay reports it through checkAll")
        XCTAssertEqual(v.fingerprintLow, m.fingerprint64(of: replay.finalState))
        // Everything was expanded: the stuck state is the last level.
        XCTAssertEqual(r.distinct, 27)
    }

    func testWithoutTheCheckEveryStateIsFine() {
        let m = JamModel(processes: 3, limit: 2, checksStutter: false)
        XCTAssertEqual(Explorer(model: m, options: options()).run().verdict, .holds)
    }

    /// Many stuck states at one level (every state whose counters add up
    /// to 5): the one reported is the first in breadth-first order, for
    /// any number of jobs and any batch size.
    func testTheFirstStuckStateIsTheSameForEveryJobCount() throws {
        let m = JamModel(processes: 5, limit: 3, jamSum: 5)
        let one = Explorer(model: m, options: options(jobs: 1)).run()
        XCTAssertEqual(one.violations.first?.depth, 5)
        for (jobs, batch) in [(2, 16_384), (2, 7), (3, 5)] {
            var o = options(jobs: jobs)
            o.batchSize = batch
            let r = Explorer(model: m, options: o).run()
            XCTAssertEqual(r.violations, one.violations, "jobs \(jobs) batch \(batch)")
            XCTAssertEqual(r.distinct, one.distinct, "jobs \(jobs) batch \(batch)")
            XCTAssertEqual(r.signature, one.signature, "jobs \(jobs) batch \(batch)")
        }
        // The first in breadth-first order: action 0 as often as it can.
        let replay = try XCTUnwrap(m.replay(path: one.violations[0].path))
        XCTAssertEqual(replay.finalState.counter, [3, 2, 0, 0, 0])
    }

    func testEveryStrategyFindsIt() throws {
        let m = JamModel(processes: 3, limit: 2, jamSum: 4)
        for strategy in [ExploreOptions.Strategy.bfs, .dfs, .random(seed: 5, walks: 20, depth: 30)] {
            var o = options(strategy)
            o.shortenCounterexamples = false
            let r = Explorer(model: m, options: o).run()
            let v = try XCTUnwrap(r.violations.first, "\(strategy)")
            XCTAssertEqual(v.first.invariant, "no-stutter", "\(strategy)")
            let replay = try XCTUnwrap(m.replay(path: v.path), "\(strategy)")
            XCTAssertEqual(replay.finalState.counter.reduce(0) { $0 + Int($1) }, 4, "\(strategy)")
            XCTAssertNotNil(m.unchangingSteps(in: replay.finalState), "\(strategy)")
        }
    }

    /// With no step recognised by identity, the explorer compares each
    /// successor with its state while all of them so far left it alone.
    func testStepsThatAreEqualButNotIdenticalCount() {
        let seeing = Explorer(model: JamModel(processes: 3, limit: 2, jamSum: 4), options: options()).run()
        let blind = Explorer(model: JamModel(processes: 3, limit: 2, jamSum: 4, identityBlind: true), options: options()).run()
        XCTAssertEqual(seeing.verdict, .violation)
        XCTAssertEqual(blind.violations, seeing.violations)
        XCTAssertEqual(blind.distinct, seeing.distinct)
        XCTAssertGreaterThan(seeing.selfLoops, 0)
        XCTAssertEqual(blind.selfLoops, 0, "nothing was recognised as unchanged without a fingerprint")
    }

    /// `--continue` goes on past a stuck state: every stuck state has the
    /// same invariant, so one is recorded, and the search covers the rest.
    func testContinuingRecordsOneAndExploresTheRest() {
        let m = JamModel(processes: 3, limit: 2, jamSum: 4)
        var o = options()
        o.maxViolations = 5
        let r = Explorer(model: m, options: o).run()
        XCTAssertEqual(r.violations.count, 1)
        // Sums 0...4 of three counters at most 2: 1 + 3 + 6 + 7 + 6.
        XCTAssertEqual(r.distinct, 23)
    }

    func testTheSimulatorNoticesAFrozenRunAfterARunOfUnchangedSteps() throws {
        let m = JamModel(processes: 2, limit: 1)
        var sim = Simulator(model: m, seed: 3)
        var frozenAt: Int? = nil
        for _ in 0..<200 {
            _ = sim.step()
            if let f = sim.frozen() {
                XCTAssertEqual(f.violation?.invariant, "no-stutter")
                frozenAt = sim.steps
                break
            }
        }
        let at = try XCTUnwrap(frozenAt)
        XCTAssertEqual(sim.state.counter, [1, 1])
        XCTAssertEqual(sim.unchangedRun, Simulator<JamModel>.stutterRun)
        // Two steps changed the state, then (after any refused ones on the
        // way) a run of unchanged ones.
        XCTAssertGreaterThanOrEqual(at, 2 + Simulator<JamModel>.stutterRun)
        XCTAssertLessThan(at, 2 + 3 * Simulator<JamModel>.stutterRun)
        // A model without the check: frozen, and nothing wrong with it.
        var quiet = Simulator(model: JamModel(processes: 2, limit: 1, checksStutter: false), seed: 3)
        for _ in 0..<at { _ = quiet.step() }
        let f = try XCTUnwrap(quiet.frozen())
        XCTAssertNil(f.violation)
    }
}
