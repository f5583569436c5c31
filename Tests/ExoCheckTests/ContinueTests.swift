import XCTest
import ExoCore
@testable import ExoCheck

/// `--continue` (`maxViolations` > 1): every strategy records a state only
/// where it first violates (a violating state is never expanded, and a
/// random walk ends at one), and a state recorded for an invariant not
/// reported yet headlines that invariant, even when it also violates one
/// reported already.
final class ContinueTests: XCTestCase {
    /// Every state on `v`'s path before its end is free of violations.
    private func assertEndsInFirstViolatingState(_ m: ArmedModel, _ v: FoundViolation, _ label: String,
                                                 file: StaticString = #filePath, line: UInt = #line) {
        guard let replay = m.replay(path: v.path) else { return XCTFail("\(label): \(v.path) does not replay", file: file, line: line) }
        for (k, s) in replay.states.dropLast().enumerated() {
            var found: [Violation] = []
            m.check(s, into: &found)
            XCTAssertEqual(found, [], "\(label): the path \(v.path) passes a violating state at step \(k)", file: file, line: line)
        }
    }

    /// x = 2 (violating "C") is reachable only from x = 1, which violates
    /// "A": no search may report it. The random walks moved on from x = 1
    /// and reported C (and paths through violating states).
    func testNoStrategyGoesOnFromAViolatingState() {
        let m = ArmedModel(padding: 3)
        var strategies: [ExploreOptions.Strategy] = [.bfs, .dfs]
        for seed in UInt64(1)...12 { strategies.append(.random(seed: seed, walks: 40, depth: 30)) }
        for strategy in strategies {
            for shorten in [false, true] {
                var o = options(strategy)
                o.maxViolations = 5
                o.shortenCounterexamples = shorten
                let r = Explorer(model: m, options: o).run()
                let label = "\(strategy) shorten \(shorten)"
                XCTAssertFalse(r.violations.isEmpty, label)
                for v in r.violations {
                    XCTAssertFalse(v.violations.contains { $0.invariant == "C" }, "\(label): \(v.violations)")
                    assertEndsInFirstViolatingState(m, v, label)
                }
                XCTAssertLessThanOrEqual(r.violations.count, 2, label)
            }
        }
    }

    /// The state x = 3 violates A (reported first, at x = 1) and B: it is
    /// recorded for B, so B heads it (the CLI names its trace after its
    /// first invariant), then A.
    func testTheInvariantThatMadeAViolationNewHeadsIt() {
        let m = ArmedModel(padding: 3)
        var runs: [(String, ExploreOptions)] = []
        for jobs in [1, 2] {
            for batch in [1, 16_384] {
                var o = options(.bfs, jobs: jobs)
                o.batchSize = batch
                runs.append(("bfs jobs \(jobs) batch \(batch)", o))
            }
        }
        runs.append(("dfs", options(.dfs)))
        runs.append(("dfs, as found", { var o = options(.dfs); o.shortenCounterexamples = false; return o }()))
        for seed in UInt64(1)...6 { runs.append(("random \(seed)", options(.random(seed: seed, walks: 40, depth: 30)))) }
        for (label, var o) in runs {
            o.maxViolations = 5
            let r = Explorer(model: m, options: o).run()
            XCTAssertEqual(r.violations.map(\.first.invariant), ["A", "B"], label)
            guard r.violations.count == 2 else { continue }
            XCTAssertEqual(r.violations[1].violations.map(\.invariant), ["B", "A"], label)
            XCTAssertEqual(ExploreSummary(r).violations.map(\.invariant), ["A", "B"], label)
            XCTAssertEqual(m.replay(path: r.violations[1].path)?.violations.map(\.invariant), ["A", "B"],
                           "\(label): the model's own order is unchanged")
        }
    }

    /// Depth-first search meets the violations after the padding: its paths
    /// are shortened, and the shortener keeps B at the head of the second
    /// (before, it either headlined A or, with B first, gave up and kept
    /// the padding).
    func testAShortenedViolationKeepsItsNewInvariantFirst() throws {
        let m = ArmedModel(padding: 3)
        var o = options(.dfs)
        o.maxViolations = 5
        let r = Explorer(model: m, options: o).run()
        XCTAssertEqual(r.violations.count, 2)
        let second = try XCTUnwrap(r.violations.last)
        XCTAssertEqual(second.violations.map(\.invariant), ["B", "A"])
        XCTAssertEqual(second.depth, 2, "arm, then x + 3")
        XCTAssertEqual(second.foundDepth, 5, "three steps of padding, arm, x + 3")
        for v in r.violations { assertEndsInFirstViolatingState(m, v, "dfs") }

        // The shortener itself: B heads the end only once A counts as reported.
        var shortener = CounterexampleShortener(model: m)
        let found: [UInt32] = [0, 0, 0, 0, 1] // pad three times, arm, x + 3
        XCTAssertEqual(m.replay(path: found)?.violations.map(\.invariant), ["A", "B"])
        XCTAssertNil(shortener.shorten(found, invariant: "B", alsoKeeping: ["B", "A"]))
        XCTAssertEqual(shortener.shorten(found, invariant: "B", alsoKeeping: ["B", "A"], reportedBefore: ["A"])?.count, 2)
    }

    /// An initial state that violates is recorded and not expanded, with
    /// `--continue` too (before, every strategy went on from it).
    func testAViolatingInitialStateIsNotExpanded() {
        let m = CountersModel(processes: 2, limit: 2, target: 0)
        for strategy in [ExploreOptions.Strategy.bfs, .dfs, .random(seed: 1, walks: 5, depth: 5)] {
            for jobs in [1, 2] {
                var o = options(strategy, jobs: jobs)
                o.maxViolations = 3
                let r = Explorer(model: m, options: o).run()
                XCTAssertEqual(r.verdict, .violation, "\(strategy)")
                XCTAssertEqual(r.violations.map(\.path), [[]], "\(strategy)")
                XCTAssertEqual(r.distinct, 1, "\(strategy)")
                XCTAssertEqual(r.generated, 0, "\(strategy)")
            }
        }
    }
}

/// `padding` steps of y first (action 0 while y < padding), then `arm`,
/// after which x may step +1 (to 3) and, from 0 only, +3. x = 1 violates
/// A; x = 2 violates A and C (so it is reachable only through a violating
/// state); x = 3 violates A and B, in that order.
struct ArmedModel: Model {
    var padding: UInt8

    struct State: Equatable, Codable, CanonicalEncodable {
        var y: UInt8
        var armed: Bool
        var x: UInt8
        func encode(into e: inout CanonicalEncoder) { e.u8(y); e.u8(armed ? 1 : 0); e.u8(x) }
    }

    enum Action: Equatable { case pad, arm, plusOne, plusThree }

    func clock(of s: State) -> Tick { 0 }
    func initialState() -> State { State(y: 0, armed: false, x: 0) }

    func actions(of s: State, into out: inout [Action]) {
        if s.y < padding { out.append(.pad) }
        if !s.armed { out.append(.arm) }
        if s.armed && s.x < 3 { out.append(.plusOne) }
        if s.armed && s.x == 0 { out.append(.plusThree) }
    }

    func apply(_ a: Action, to s: inout State) -> Event {
        switch a {
        case .pad: s.y += 1; return Event(actor: 0, op: 0)
        case .arm: s.armed = true; return Event(actor: 1, op: 1)
        case .plusOne: s.x += 1; return Event(actor: 1, op: 2)
        case .plusThree: s.x += 3; return Event(actor: 1, op: 3)
        }
    }

    func check(_ s: State, into v: inout [Violation]) {
        if s.x >= 1 { v.append(Violation("A", "x is \(s.x)")) }
        if s.x == 3 { v.append(Violation("B", "x is 3")) }
        if s.x == 2 { v.append(Violation("C", "x is 2")) }
    }

    func operationName(_ op: UInt16) -> String { ["pad", "arm", "plus-one", "plus-three"][Int(op)] }
}
