import XCTest
@testable import ExoCheck

/// Parent links report memory from their own doubling, so the summary's
/// `parent_link_bytes` is a function of the state count alone.
final class ParentLinksTests: XCTestCase {
    func testBytesFollowTheStateCountNotTheAllocator() {
        var links = ParentLinks()
        XCTAssertEqual(links.bytes, 0)
        _ = links.append(parent: ParentLinks.noParent, action: 0)
        XCTAssertEqual(links.bytes, 2 * 1024 * 4, "the first append reserves 1,024 slots per array")
        for i in 1..<1025 { _ = links.append(parent: UInt32(i - 1), action: UInt32(i % 7)) }
        // 1,025 states: the 1,025th append doubled the reservation. Swift's
        // own growth would report whatever the allocator handed back.
        XCTAssertEqual(links.count, 1025)
        XCTAssertEqual(links.bytes, 2 * 2048 * 4)
        XCTAssertEqual(links.path(to: 1024).count, 1024)
        XCTAssertEqual(links.path(to: 3), [1, 2, 3])
    }

    func testRangePartsCoverTheRangeInOrder() {
        for (range, parts) in [(0..<10, 3), (5..<6, 4), (100..<1_000, 32), (7..<7, 2)] {
            let cut = (0..<parts).map { range.part($0, of: parts) }
            XCTAssertEqual(cut.first?.lowerBound, range.lowerBound)
            XCTAssertEqual(cut.last?.upperBound, range.upperBound)
            for k in 1..<parts { XCTAssertEqual(cut[k - 1].upperBound, cut[k].lowerBound) }
            XCTAssertLessThanOrEqual(cut.map(\.count).max()! - cut.map(\.count).min()!, 1, "nearly equal")
        }
    }

    /// The BFS's chunks: they cover the batch in order, and the last quarter
    /// are a quarter the size of the others (within rounding).
    func testTaperedPartsCoverTheRangeAndShrinkAtTheEnd() {
        for (range, parts) in [(0..<16_384, 64), (100..<1_100, 8), (5..<6, 4), (7..<7, 2), (0..<10, 1), (0..<1_000, 3)] {
            let cut = (0..<parts).map { range.taperedPart($0, of: parts) }
            XCTAssertEqual(cut.first?.lowerBound, range.lowerBound)
            XCTAssertEqual(cut.last?.upperBound, range.upperBound)
            for k in 1..<max(1, parts) { XCTAssertEqual(cut[k - 1].upperBound, cut[k].lowerBound) }
        }
        let cut = (0..<64).map { (0..<16_384).taperedPart($0, of: 64) }
        XCTAssertEqual(Set(cut[..<48].map(\.count)).sorted(), [315, 316])
        XCTAssertEqual(Set(cut[48...].map(\.count)).sorted(), [78, 79])
    }
}
