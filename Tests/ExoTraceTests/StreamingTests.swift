import Foundation
import XCTest
import ExoCore
@testable import ExoTrace

final class StreamingTests: TraceTestCase {
    /// 200k events written and read back (the 1M-event run is in the
    /// release benchmark, `TraceBench`, driven by `exocheck bench`).
    func testLongTraceStreams() throws {
        let p = try record("long.trace.gz", events: 200_000, k: 4096)
        let r = try TraceReader(path: p)
        var events: UInt64 = 0, snaps = 0
        while let item = try r.next() {
            if case .event = item { events += 1 } else { snaps += 1 }
        }
        XCTAssertEqual(events, 200_000)
        XCTAssertEqual(snaps, 200_000 / 4096 + 1)
        XCTAssertEqual(r.footer?.eventCount, 200_000)
        let size = try FileManager.default.attributesOfItem(atPath: p)[.size] as! Int
        XCTAssertLessThan(Double(size) / 200_000, 8, "compressed bytes per event")
    }
}
