import XCTest
@testable import ExoXen
import ExoCore

/// A small world: three running domains d0, d1, d2; d0 owns frames 0 and 1,
/// d1 owns frame 2; 8 frames, 4 grant entries per frame, 4 maptrack slots.
func makeHypervisor(_ mutants: XenMutants = [], config: XenConfig = XenConfig()) -> Hypervisor {
    var hv = Hypervisor(config: config, mutants: mutants)
    for d in 0..<DomID(3) {
        XCTAssertEqual(hv.createDomain(d, maxPages: 4), .okay)
        XCTAssertEqual(hv.unpause(d), .okay)
    }
    XCTAssertEqual(hv.populate(0, frame: 0), .okay)
    XCTAssertEqual(hv.populate(0, frame: 1), .okay)
    XCTAssertEqual(hv.populate(1, frame: 2), .okay)
    return hv
}

/// d0 grants frame 0 to d1 at ref 0 (read-write unless `readonly`).
func grantFrame0(_ hv: inout Hypervisor, readonly: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(hv.grantAccess(0, ref: 0, to: 1, frame: 0, readonly: readonly), .okay, file: file, line: line)
}

func names(_ vs: [Violation]) -> [String] {
    var out: [String] = []
    for v in vs where !out.contains(v.invariant) { out.append(v.invariant) }
    return out
}

func assertHolds(_ hv: Hypervisor, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(hv.violations, [], file: file, line: line)
}

func assertFires(_ hv: Hypervisor, _ invariant: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(names(hv.violations).contains(invariant),
                  "expected \(invariant) to fire, got \(hv.violations)", file: file, line: line)
}
