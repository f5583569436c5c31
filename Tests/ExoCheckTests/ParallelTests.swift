import XCTest
import ExoCore
@testable import ExoCheck

final class ParallelTests: XCTestCase {
    private func assertSame(_ a: ExploreResult, _ b: ExploreResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.verdict, b.verdict, file: file, line: line)
        XCTAssertEqual(a.distinct, b.distinct, file: file, line: line)
        XCTAssertEqual(a.generated, b.generated, file: file, line: line)
        XCTAssertEqual(a.depth, b.depth, file: file, line: line)
        XCTAssertEqual(a.signature, b.signature, file: file, line: line)
        XCTAssertEqual(a.violations, b.violations, file: file, line: line)
        XCTAssertEqual(a.coverage, b.coverage, file: file, line: line)
        XCTAssertEqual(a.visitedBytes, b.visitedBytes, file: file, line: line)
        XCTAssertEqual(a.parentLinkBytes, b.parentLinkBytes, "reported memory must not depend on the allocator", file: file, line: line)
    }

    func testJobsDoNotChangeTheResult() {
        // 4^5 * 6 = 6,144 states: several chunks per level, and with a small
        // batch several batches per level.
        let m = MutexModel(processes: 5, limit: 3)
        let one = Explorer(model: m, options: options(jobs: 1)).run()
        let two = Explorer(model: m, options: options(jobs: 2)).run()
        XCTAssertEqual(one.distinct, 6_144)
        assertSame(one, two)
        XCTAssertEqual(two.jobs, 2)
        var o = options(jobs: 3)
        o.batchSize = 100
        assertSame(one, Explorer(model: m, options: o).run())
    }

    func testJobsDoNotChangeTheCounterexample() {
        let m = CountersModel(processes: 5, limit: 4, target: 10)
        let one = Explorer(model: m, options: options(jobs: 1)).run()
        let two = Explorer(model: m, options: options(jobs: 2)).run()
        XCTAssertEqual(one.verdict, .violation)
        assertSame(one, two)

        var o = options(jobs: 1); o.maxViolations = 3
        let bug = MutexModel(processes: 5, limit: 3, ignoreLock: true, overflow: true)
        let k1 = Explorer(model: bug, options: o).run()
        o.jobs = 2
        assertSame(k1, Explorer(model: bug, options: o).run())
    }

    func testJobsDoNotChangeBoundedOrReducedRuns() {
        let m = MutexModel(processes: 5, limit: 3)
        var o = options(jobs: 1); o.maxStates = 1000
        let one = Explorer(model: m, options: o).run()
        o.jobs = 2
        assertSame(one, Explorer(model: m, options: o).run())
        XCTAssertEqual(one.distinct, 1000)
        XCTAssertEqual(one.verdict, .boundHit(.states))

        for (por, sym) in [(true, false), (false, true), (true, true)] {
            let r1 = Explorer(model: m, options: options(jobs: 1, por: por, symmetry: sym)).run()
            let r2 = Explorer(model: m, options: options(jobs: 2, por: por, symmetry: sym)).run()
            assertSame(r1, r2)
        }
    }

    /// Levels of thousands of states, so `--jobs 1` cuts each batch into
    /// slices and `--jobs 2` into chunks, with ample sets whose successors
    /// other states of the same level also reach: the cycle proviso must see
    /// the visited set as it was when the batch began in both.
    func testJobsDoNotChangeTheProvisoOnLargeLevels() {
        let m = ProvisoModel(flags: 12)
        let one = Explorer(model: m, options: options(jobs: 1, por: true)).run()
        let two = Explorer(model: m, options: options(jobs: 2, por: true)).run()
        assertSame(one, two)
        XCTAssertGreaterThan(one.reductions.reducedStates, 1000, "the independent actor is expanded alone")
        XCTAssertEqual(one.reductions.reducedStates, two.reductions.reducedStates)
        assertSame(one, Explorer(model: m, options: options(jobs: 3, por: true)).run())
    }

    func testJobsDoNotChangeWhereTheMemoryBoundStops() {
        // The visited set starts tiny, so it must grow several times during
        // the run; with --jobs 2 the merge admits into a pending set and
        // folds it in at the end of each batch, yet the bound must trip at
        // the same growth step, on the same state, as with --jobs 1.
        let m = MutexModel(processes: 5, limit: 3)
        var stops: Set<UInt64> = []
        for limit in stride(from: 4_000, through: 40_000, by: 1_000) {
            var o = options(jobs: 1)
            o.initialCapacity = 16
            o.memoryLimit = limit
            let one = Explorer(model: m, options: o).run()
            guard one.verdict == .boundHit(.memory) else { continue }
            stops.insert(one.distinct)
            o.jobs = 2
            let two = Explorer(model: m, options: o).run()
            XCTAssertEqual(one.distinct, two.distinct, "limit \(limit)")
            XCTAssertEqual(one.signature, two.signature, "limit \(limit)")
        }
        XCTAssertGreaterThan(stops.count, 3, "the bound trips at several different states")
    }

    /// The chunks of a batch share what they keep (`ChunkClaims`): a
    /// state that several chunks reach is checked about once, not once per
    /// chunk, and the result is the one `--jobs 1` gives.
    func testChunksDropWhatAnEarlierChunkKept() {
        let m = MutexModel(processes: 5, limit: 3)
        let one = Explorer(model: m, options: options(jobs: 1)).run()
        XCTAssertEqual(one.statesChecked, one.distinct - 1, "one thread checks each state once (the initial one apart)")
        var o = options(jobs: 2)
        o.shareChunkClaims = false
        let apart = Explorer(model: m, options: o).run()
        o.shareChunkClaims = true
        let shared = Explorer(model: m, options: o).run()
        assertSame(one, apart)
        assertSame(one, shared)
        XCTAssertGreaterThan(apart.statesChecked, one.statesChecked * 5 / 4, "chunks on their own keep each other's repeats")
        XCTAssertLessThan(shared.statesChecked, apart.statesChecked, "shared claims drop repeats of earlier chunks")
        XCTAssertGreaterThanOrEqual(shared.statesChecked, one.statesChecked)

        // With 128-bit fingerprints the table stays out (it holds 64 bits).
        var wide = o
        wide.fingerprint = .bits128
        let w = Explorer(model: m, options: wide).run()
        XCTAssertEqual(w.distinct, one.distinct)
        XCTAssertEqual(w.statesChecked, apart.statesChecked, "no claims with 128-bit fingerprints")
    }

    func testSignatureDependsOnTheStateSpace() {
        let a = Explorer(model: MutexModel(processes: 3, limit: 2), options: options()).run()
        let b = Explorer(model: MutexModel(processes: 3, limit: 3), options: options()).run()
        XCTAssertNotEqual(a.signature, b.signature)
        XCTAssertEqual(a.signature.count, a.distinct)
    }
}
