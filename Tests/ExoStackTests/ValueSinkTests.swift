import XCTest
@testable import ExoStack

final class ValueSinkTests: XCTestCase {
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
