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
