import XCTest
import ExoCore
@testable import ExoKernel

final class ConfigTests: XCTestCase {
    func testDefaultConfigIsValidAndBadOnesAreExplained() {
        XCTAssertEqual(ExoConfig().problems, [])
        var c = ExoConfig()
        c.capSlots = 0
        c.ringSize = -1
        XCTAssertEqual(c.problems, ["capSlots must be at least 1, not 0", "ringSize must be at least 1, not -1"])
    }

    func testKernelFramesAreReservedAndConserved() {
        let k = makeKernel { $0.kernelFrames = 2 }
        XCTAssertEqual(k.freeFrames, [102, 103, 104, 105])
        XCTAssertEqual(k.violations, [])
    }
}
