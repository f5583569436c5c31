import XCTest
import ExoCore
@testable import ExoKernel

final class PolicyTests: XCTestCase {
    func testPolicyChoices() {
        var h = Harness()
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
        XCTAssertEqual(h.k.relinquishChoices(a, policy: .complyAtOnce, now: 0), [100])
        XCTAssertEqual(h.k.relinquishChoices(a, policy: .complyAtOnce, now: 1), [])
        XCTAssertEqual(h.k.relinquishChoices(a, policy: .complyLate, now: 1), [100])
        XCTAssertEqual(h.k.relinquishChoices(a, policy: .ignore, now: 0), [])
        XCTAssertEqual(RevocationPolicy.allCases.map { $0.rawValue }, ["comply-at-once", "comply-late", "ignore"])
    }
}
