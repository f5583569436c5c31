import XCTest
import ExoCore
@testable import ExoCheck

final class CounterexampleShortenerTests: XCTestCase {
    /// Three processes and a lock that does not exclude (`ignoreLock`): two
    /// acquires are a violation of mutual-exclusion, whatever else happened.
    let model = MutexModel(processes: 3, limit: 3, ignoreLock: true)

    /// Action indices for a path given as actions.
    func indices(_ actions: [MutexModel.Action]) -> [UInt32] {
        var s = model.initialState()
        var out: [UInt32] = []
        for a in actions {
            let enabled = model.actions(of: s)
            out.append(UInt32(enabled.firstIndex(of: a)!))
            _ = model.apply(a, to: &s)
        }
        return out
    }

    func testStepsThatDoNotMatterAreLeftOut() throws {
        // Work, a lock taken and given back, more work, then two holders.
        let padded: [MutexModel.Action] = [.work(0), .work(1), .acquire(0), .work(2), .release(0),
                                           .acquire(1), .work(0), .work(1), .acquire(2)]
        let path = indices(padded)
        XCTAssertEqual(model.replay(path: path)?.violations.first?.invariant, "mutual-exclusion")
        var shortener = CounterexampleShortener(model: model)
        let short = try XCTUnwrap(shortener.shorten(path, invariant: "mutual-exclusion"))
        // acquire(1), acquire(2): nothing shorter reaches two holders.
        XCTAssertEqual(short.count, 2)
        let replay = try XCTUnwrap(model.replay(path: short))
        let kept = replay.actions
        XCTAssertTrue(kept.allSatisfy { if case .acquire = $0 { return true } else { return false } }, "\(kept)")
        XCTAssertTrue(padded.indices.contains { i in padded[i] == kept[0] && padded[(i + 1)...].contains(kept[1]) },
                      "the steps kept are the path's own, in order")
        XCTAssertEqual(replay.violations.first?.invariant, "mutual-exclusion")
        // Deterministic: the same path gives the same answer.
        var again = CounterexampleShortener(model: model)
        XCTAssertEqual(again.shorten(path, invariant: "mutual-exclusion"), short)
    }

    func testAStepAndTheStepThatUndoesItGoTogether() throws {
        // A lock taken and released around the violation's first acquire:
        // release(0) cannot go alone (the second acquire(0) needs it), nor
        // acquire(0) alone (release(0) needs it); only the pair can.
        let padded: [MutexModel.Action] = [.acquire(0), .release(0), .acquire(0), .acquire(1)]
        var shortener = CounterexampleShortener(model: model)
        let short = try XCTUnwrap(shortener.shorten(indices(padded), invariant: "mutual-exclusion"))
        XCTAssertEqual(model.replay(path: short)?.actions, [.acquire(0), .acquire(1)])
    }

    func testACandidateEndsAtItsFirstViolatingState() throws {
        // Leaving out the release makes the state after the second acquire
        // violate already: the candidate ends there, the rest goes with it.
        let padded: [MutexModel.Action] = [.acquire(0), .work(1), .release(0), .acquire(1), .work(2), .acquire(2)]
        var shortener = CounterexampleShortener(model: model)
        let short = try XCTUnwrap(shortener.shorten(indices(padded), invariant: "mutual-exclusion"))
        XCTAssertEqual(short.count, 2)
    }

    func testOnlyTheSameInvariantCounts() throws {
        // With room to overflow, a path can end in counter-bound instead;
        // shortening a mutual-exclusion path must not end in it.
        let m = MutexModel(processes: 2, limit: 1, ignoreLock: true, overflow: true)
        var s = m.initialState()
        var path: [UInt32] = []
        for a in [MutexModel.Action.work(0), .acquire(0), .acquire(1)] {
            path.append(UInt32(m.actions(of: s).firstIndex(of: a)!))
            _ = m.apply(a, to: &s)
        }
        var shortener = CounterexampleShortener(model: m)
        let short = try XCTUnwrap(shortener.shorten(path, invariant: "mutual-exclusion"))
        XCTAssertEqual(m.replay(path: short)?.violations.first?.invariant, "mutual-exclusion")
        XCTAssertNil(shortener.shorten(path, invariant: "counter-bound"), "the path does not end in counter-bound")
    }

    func testEveryInvariantToKeepMustStillBeViolated() throws {
        let padded: [MutexModel.Action] = [.work(0), .acquire(0), .acquire(1)]
        var shortener = CounterexampleShortener(model: model)
        XCTAssertNil(shortener.shorten(indices(padded), invariant: "mutual-exclusion", alsoKeeping: ["counter-bound"]),
                     "the path's end does not violate counter-bound: nothing to shorten towards")
        let short = shortener.shorten(indices(padded), invariant: "mutual-exclusion", alsoKeeping: ["mutual-exclusion"])
        XCTAssertEqual(short?.count, 2)
    }

    func testTheBudgetBoundsTheWork() throws {
        let padded: [MutexModel.Action] = [.work(0), .work(1), .acquire(0), .acquire(1)]
        var none = CounterexampleShortener(model: model, budget: 0)
        XCTAssertEqual(none.shorten(indices(padded), invariant: "mutual-exclusion"), indices(padded),
                       "no budget: the path as found")
        var small = CounterexampleShortener(model: model, budget: 7)
        _ = small.shorten(indices(padded), invariant: "mutual-exclusion")
        XCTAssertLessThanOrEqual(small.spent, 7)
    }

    /// Depth-first search and random walks find long paths; the explorer
    /// reports them shortened (keeping the length found), unless told not to.
    func testTheExplorerShortensDepthFirstAndRandomCounterexamples() throws {
        // A counter one past its limit: four steps of one process at least.
        let big = MutexModel(processes: 3, limit: 3, overflow: true)
        let bfs = Explorer(model: big, options: options()).run()
        XCTAssertEqual(bfs.violations.first?.depth, 4)
        XCTAssertNil(bfs.violations.first?.foundDepth, "a plain BFS path is shortest: left alone")
        for strategy in [ExploreOptions.Strategy.dfs, .random(seed: 3, walks: 20, depth: 40)] {
            var asFound = options(strategy)
            asFound.shortenCounterexamples = false
            let long = try XCTUnwrap(Explorer(model: big, options: asFound).run().violations.first)
            XCTAssertNil(long.foundDepth)
            XCTAssertGreaterThan(long.depth, 4, "\(strategy) finds a longer path than needed")
            let short = try XCTUnwrap(Explorer(model: big, options: options(strategy)).run().violations.first)
            XCTAssertEqual(short.depth, 4, "\(strategy)")
            XCTAssertEqual(short.foundDepth, long.depth, "\(strategy): the length found is kept")
            XCTAssertEqual(big.replay(path: short.path)?.violations.first?.invariant, "counter-bound")
            XCTAssertEqual(short.fingerprintLow, big.fingerprint64(of: big.replay(path: short.path)!.finalState),
                           "the fingerprint is the shortened path's end")
        }
    }
}
