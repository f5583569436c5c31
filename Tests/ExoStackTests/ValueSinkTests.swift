import XCTest
@testable import ExoStack

final class ValueSinkTests: XCTestCase {
    /// `sortTail(from:)` sorts what follows `start` and leaves what comes
    /// before it alone (the listing sorts each set's values after the
    /// values of the sets before it), with ties and an empty tail.
    func testSortTailSortsOnlyTheTail() {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2) { lent in
            var sink = ValueSink(lending: lent)
            for v: Int32 in [9, 1, 7] { sink.append(v) }
            for v: Int32 in [5, -2, 8, 5, 0, 12, 3] { sink.append(v) }
            sink.sortTail(from: 3)
            XCTAssertEqual((0..<sink.count).map { sink[$0] }, [9, 1, 7, -2, 0, 3, 5, 5, 8, 12])
            sink.sortTail(from: sink.count)
            XCTAssertEqual(sink.count, 10)
            sink.sortTail(from: 0)
            XCTAssertEqual((0..<sink.count).map { sink[$0] }, [-2, 0, 1, 3, 5, 5, 7, 8, 9, 12])
            sink.release()
        }
    }

    func testValuesSurviveMovingPastTheLentBuffer() {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4) { lent in
            lent.initialize(repeating: -1)
            var sink = ValueSink(lending: lent)
            for v in 0..<37 { sink.append(Int32(v * 3)) }
            XCTAssertEqual(sink.count, 37)
            XCTAssertEqual((0..<sink.count).map { sink[$0] }, (0..<37).map { Int32($0 * 3) })
            // The first four went into the lent buffer, in place.
            XCTAssertEqual(Array(lent), [0, 3, 6, 9])
            sink.release()
            XCTAssertEqual(sink.count, 0)
        }
    }

    /// `values` reads what `append` wrote, in the lent buffer and after
    /// the move to the heap.
    func testValuesPointsAtTheCurrentMemory() {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2) { lent in
            var sink = ValueSink(lending: lent)
            sink.append(4); sink.append(8)
            XCTAssertEqual(sink.values, UnsafePointer(lent.baseAddress))
            XCTAssertEqual([sink.values[0], sink.values[1]], [4, 8])
            sink.append(15)
            XCTAssertNotEqual(sink.values, UnsafePointer(lent.baseAddress), "moved past the lent buffer")
            XCTAssertEqual((0..<3).map { sink.values[$0] }, [4, 8, 15])
            sink.release()
        }
    }

    func testAValueSinkWithinItsLentBufferWritesOnlyThere() {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { lent in
            lent.initialize(repeating: 0)
            var sink = ValueSink(lending: lent)
            for v: Int32 in [5, 7, 11] { sink.append(v) }
            XCTAssertEqual(Array(lent.prefix(4)), [5, 7, 11, 0])
            sink.release()
        }
    }
}
