import XCTest
@testable import ExoStack

final class FrozenArrayTests: XCTestCase {
    /// `buffer` lends the elements of a range in place, empty ranges too.
    func testBufferHoldsTheRangesElements() {
        let owner = FrozenArrayOwner<Int32>([3, 1, 4, 1, 5])
        let t = owner.table
        XCTAssertEqual(Array(t.buffer(1..<4)), [1, 4, 1])
        XCTAssertEqual(Array(t.buffer(0..<5)), [3, 1, 4, 1, 5])
        XCTAssertEqual(t.buffer(2..<2).count, 0)
        XCTAssertEqual(FrozenArrayOwner<Int32>([]).table.buffer(0..<0).count, 0)
    }
}
