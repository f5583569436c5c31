import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

/// The release-mode measurements, skipped unless EXOTRACE_BENCH is set:
///     EXOTRACE_BENCH=1 swift test -c release --filter ExoTraceTests.BenchTests
/// (EXOTRACE_BENCH=levels adds other deflate levels; record:N, replay and
/// simulate run one loop only, for a profiler.)
final class BenchTests: TraceTestCase {
    func testOneMillionEventsBenchmark() throws {
        guard let mode = ProcessInfo.processInfo.environment["EXOTRACE_BENCH"] else { throw XCTSkip("set EXOTRACE_BENCH=1") }
        if mode.hasPrefix("record") {  // only the recording loop, for profiling: record or record:LEVEL
            let level = Int32(mode.split(separator: ":").last.flatMap { Int($0) } ?? 6)
            let model = ToyModel()
            let r = try TraceRecorder(model: model, path: path("p.trace.gz"), header: header(seed: 1, k: 4096),
                                      initialState: model.initialState(), level: level)
            try TraceBench.simulate(model: model, seed: 1, events: 2_000_000, recorder: r)
            try r.finish()
            return
        }
        if mode == "replay" {
            let p = try record("r.trace.gz", events: 2_000_000, k: 4096)
            XCTAssertEqual(summary(try replay(p))?.eventsReplayed, 2_000_000)
            return
        }
        if mode == "simulate" {
            try TraceBench.simulate(model: ToyModel(), seed: 1, events: 2_000_000, recorder: nil)
            return
        }
        let report = try TraceBench.run(model: ToyModel(), seed: 1, events: 1_000_000, directory: dir)
        print("TraceBench (ToyModel, 1M events):\n\(report)")
        XCTAssertEqual(report.events, 1_000_000)
        if mode == "levels" {
            for level: Int32 in [1, 6, 9] {
                let r = try TraceBench.run(model: ToyModel(), seed: 1, events: 1_000_000, level: level, directory: dir)
                print("level \(level):\n\(r)")
            }
        }

        // 1M events written and read back, counting.
        let p = try record("million.trace.gz", events: 1_000_000, k: 4096)
        let r = try TraceReader(path: p)
        var events: UInt64 = 0
        while let item = try r.next() { if case .event = item { events += 1 } }
        XCTAssertEqual(events, 1_000_000)
        XCTAssertEqual(r.footer?.eventCount, 1_000_000)
    }
}
