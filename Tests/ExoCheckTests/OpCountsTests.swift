import XCTest
@testable import ExoCheck

/// The per-operation transition counts behind `coverage`.
final class OpCountsTests: XCTestCase {
    func testCountsGrowTakeBackAndDrainOnce() {
        var c = OpCounts()
        c.add(0); c.add(5); c.add(5); c.add(300)  // 300: past the first buffer
        c.subtract(5)
        var totals: [UInt64] = [7]
        c.drain(into: &totals)
        XCTAssertEqual(totals.count, 301)
        XCTAssertEqual(totals[0], 8)
        XCTAssertEqual(totals[5], 1)
        XCTAssertEqual(totals[300], 1)
        XCTAssertEqual(totals.reduce(0, +), 10)
        // Drained: a second drain adds nothing.
        c.drain(into: &totals)
        XCTAssertEqual(totals.reduce(0, +), 10)
        c.add(2)
        c.drain(into: &totals)
        XCTAssertEqual(totals[2], 1)
        XCTAssertEqual(totals.count, 301)
    }
}
