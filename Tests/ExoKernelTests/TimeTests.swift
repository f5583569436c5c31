import XCTest
import ExoCore
@testable import ExoKernel

final class TimeTests: XCTestCase {
    /// A caller passing a time in the past cannot make a deadline that is
    /// already overdue: the kernel's clock never runs backwards.
    func testTimeNeverRunsBackwards() {
        var h = Harness()
        let a = h.envWithFrame(100)
        h.advance(to: 10)
        h.step { k, now in k.fireDue(now: now) }
        XCTAssertEqual(h.k.clock, 10)
        XCTAssertEqual(h.step { k, _ in k.requestRevocation(a, frame: 100, now: 3) }, .ok)
        XCTAssertEqual(h.k.nextDeadline, 12)
        h.advance(to: 12)
        XCTAssertEqual(h.k.repossessionVector(a), [100])
        XCTAssertEqual(h.fired, [])
    }
}
