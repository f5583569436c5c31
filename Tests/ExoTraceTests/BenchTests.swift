import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

/// The release-mode measurements, skipped unless EXOTRACE_BENCH is set:
///     EXOTRACE_BENCH=1 swift test -c release --filter ExoTraceTests.BenchTests
final class BenchTests: TraceTestCase {
    func testOneMillionEventsBenchmark() throws {
        guard ProcessInfo.processInfo.environment["EXOTRACE_BENCH"] != nil else { throw XCTSkip("set EXOTRACE_BENCH=1") }
        let report = try TraceBench.run(model: ToyModel(), seed: 1, events: 1_000_000, directory: dir)
        print("TraceBench (ToyModel, 1M events):\n\(report)")
        XCTAssertEqual(report.events, 1_000_000)

        // 1M events written and read back, counting.
        let p = try record("million.trace.gz", events: 1_000_000, k: 4096)
        let r = try TraceReader(path: p)
        var events: UInt64 = 0
        while let item = try r.next() { if case .event = item { events += 1 } }
        XCTAssertEqual(events, 1_000_000)
        XCTAssertEqual(r.footer?.eventCount, 1_000_000)
    }
}
