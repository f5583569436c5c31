import XCTest
import Foundation
import ExoCore
@testable import ExoCheck

/// Not a timed test: prints benchmark figures when EXOCHECK_BENCH is set
/// (run it with `swift test -c release --filter BenchmarkTests`), and
/// otherwise checks only that the benchmark API agrees with itself on a
/// small instance.
final class BenchmarkTests: XCTestCase {
    func testBenchmarkFiguresAgreeAcrossJobs() {
        let m = GrantBenchModel(domains: 2, frames: 2)
        let series = Explorer(model: m, options: options()).benchmark(jobs: [1, 2], rounds: 3)
        XCTAssertEqual(series.rounds.count, 3)
        XCTAssertEqual(series.speedups(1).count, 3)
        XCTAssertEqual(series.speedups(0), [1, 1, 1], "jobs 1 against itself")
        for round in series.rounds { XCTAssertEqual(round.map(\.distinct), series.rounds[0].map(\.distinct)) }
        let figures = [series.median(0), series.median(1)]
        XCTAssertEqual(series.rounds.map(\.[0].seconds).sorted()[1], figures[0].seconds, "the median run")
        XCTAssertEqual(figures[0].distinct, figures[1].distinct)
        XCTAssertEqual(figures[0].generated, figures[1].generated)
        XCTAssertEqual(figures.map(\.jobs), [1, 2])
        XCTAssertEqual(Int(figures[0].distinct), ReferenceExplorer(model: m).explore().distinct)
        let bug = Explorer(model: GrantBenchModel(domains: 2, frames: 2, freeWhileMapped: true), options: options()).run()
        XCTAssertEqual(bug.violations.first?.first.invariant, "no-reuse-while-mapped")
    }

    /// Where a breadth-first search spent its time (`PhaseTimes`): every
    /// phase is timed, with one thread and with two, the busy time fits in
    /// the threads' wall time, and only breadth-first searches report it.
    func testPhasesAreTimed() throws {
        let m = MutexModel(processes: 5, limit: 3)
        var o = options(jobs: 1)
        o.batchSize = 256  // several batches, each big enough for two threads
        let one = Explorer(model: m, options: o).run()
        let p1 = try XCTUnwrap(one.phases)
        XCTAssertGreaterThan(p1.expanding, 0)
        XCTAssertGreaterThan(p1.merging, 0)
        XCTAssertGreaterThan(p1.folding, 0)
        XCTAssertEqual(p1.idle, 0, "one thread never waits for another")
        XCTAssertLessThanOrEqual(p1.busy, one.elapsed)
        o.jobs = 2
        let two = Explorer(model: m, options: o).run()
        let p2 = try XCTUnwrap(two.phases)
        XCTAssertGreaterThan(p2.expanding, 0)
        XCTAssertGreaterThan(p2.merging, 0)
        XCTAssertGreaterThan(p2.folding, 0)
        XCTAssertLessThanOrEqual(p2.busy + p2.idle, 2 * two.elapsed)
        let figures = Explorer(model: m, options: o).benchmark(jobs: [1, 2]).median(1)
        XCTAssertNotNil(figures.phases)
        XCTAssertGreaterThanOrEqual(figures.checked, figures.distinct - 1)
        XCTAssertNil(Explorer(model: m, options: options(.dfs)).run().phases)
    }

    func testPrintBenchmark() throws {
        let env = ProcessInfo.processInfo.environment
        guard let spec = env["EXOCHECK_BENCH"] else { throw XCTSkip("set EXOCHECK_BENCH=domains,frames,entries,maxStates") }
        let p = spec.split(separator: ",").compactMap { Int($0) }
        let m = GrantBenchModel(domains: p[0], frames: p[1], entries: p.count > 2 ? p[2] : 2)
        var o = options()
        o.initialCapacity = 1 << 16
        o.maxStates = p.count > 3 ? p[3] : 2_000_000
        o.memoryLimit = 3 << 30
        let jobs = (env["EXOCHECK_BENCH_JOBS"] ?? "1,2").split(separator: ",").compactMap { Int($0) }
        let series = Explorer(model: m, options: o).benchmark(jobs: jobs)
        for f in series.jobs.indices.map(series.median) {
            print("bench jobs=\(f.jobs) distinct=\(f.distinct) generated=\(f.generated) seconds=\(f.seconds) states/s=\(Int(f.statesPerSecond)) transitions/s=\(Int(f.transitionsPerSecond)) bytes/state=\(f.bytesPerState) links/state=\(f.parentLinkBytesPerState)")
        }
    }
}
