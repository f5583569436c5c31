import Foundation
import XCTest
import ExoCore
@testable import ExoCLI

/// The explorer skips fingerprinting a successor that equals its state (a
/// self-loop), relying on equal worlds encoding alike. This checks that rule
/// on every spec we ship: random walks, and at every state on them each
/// enabled action's successor compared both ways.
final class SelfLoopTests: XCTestCase {
    func testEqualWorldsHaveEqualFingerprints() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let specs = try SpecSuite.specFiles(in: root.appendingPathComponent("specs").path)
            + SpecSuite.specFiles(in: root.appendingPathComponent("specs/bench").path)
        XCTAssertGreaterThan(specs.count, 30)
        var loops = 0, others = 0
        for path in specs {
            let (_, _, model) = try ModelLoader.load(path: path)
            var prng = PRNG(seed: 7)
            for _ in 0..<3 {
                var state = model.initialState()
                for _ in 0..<40 {
                    let actions = model.actions(of: state)
                    if actions.isEmpty { break }
                    let fp = model.fingerprint128(of: state)
                    for a in actions {
                        var next = state
                        _ = model.apply(a, to: &next)
                        let same = model.fingerprint128(of: next) == fp
                        if next == state {
                            loops += 1
                            XCTAssertTrue(same, "\(path): equal worlds, different fingerprints")
                        } else {
                            others += 1
                        }
                    }
                    _ = model.apply(actions[prng.index(actions.count)], to: &state)
                }
            }
        }
        XCTAssertGreaterThan(loops, 100, "the specs have self-loops to check")
        XCTAssertGreaterThan(others, 100)
    }
}
