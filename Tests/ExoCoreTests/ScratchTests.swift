import XCTest
@testable import ExoCore

/// `withScratch` hands out `count` values set to the given one, writable,
/// for an empty count and past the stack's share too.
final class ScratchTests: XCTestCase {
    func testScratchHoldsCountValuesSetToTheValue() {
        for count in [0, 1, 7, 100_000] {
            let sum = withScratch(3, count: count) { buffer -> Int in
                XCTAssertEqual(buffer.count, count)
                XCTAssertTrue(buffer.allSatisfy { $0 == 3 })
                for i in buffer.indices { buffer[i] += i }
                return buffer.reduce(0, +)
            }
            XCTAssertEqual(sum, 3 * count + count * (count - 1) / 2, "count \(count)")
        }
        // Each call starts from the value again, whatever the last one wrote.
        withScratch(false, count: 4) { $0[2] = true }
        XCTAssertEqual(withScratch(false, count: 4) { Array($0) }, [false, false, false, false])
    }
}
