import Foundation
import XCTest
import ExoCore
import ExoStack
@testable import ExoCLI

/// Every spec we ship (specs/ and specs/bench/), loaded.
private func shippedModels() throws -> [(path: String, model: SystemModel)] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let specs = try SpecSuite.specFiles(in: root.appendingPathComponent("specs").path)
        + SpecSuite.specFiles(in: root.appendingPathComponent("specs/bench").path)
    return try specs.map { path in (path, try ModelLoader.load(path: path).2) }
}

/// Three random walks of up to 40 steps from the initial state; `visit`
/// sees every state on them with its enabled actions.
private func walk(_ model: SystemModel, seed: UInt64, _ visit: (World, [Choice]) -> Void) {
    var prng = PRNG(seed: seed)
    for _ in 0..<3 {
        var state = model.initialState()
        for _ in 0..<40 {
            let actions = model.actions(of: state)
            if actions.isEmpty { break }
            visit(state, actions)
            _ = model.apply(actions[prng.index(actions.count)], to: &state)
        }
    }
}

/// The explorer skips fingerprinting a successor that equals its state (a
/// self-loop), relying on equal worlds encoding alike, and recognises one by
/// the model's buffer-identity test (`isUnchanged`). This checks both on
/// every spec we ship: random walks, and at every state on them each
/// enabled action's successor compared every way.
final class SelfLoopTests: XCTestCase {
    func testEqualWorldsHaveEqualFingerprints() throws {
        let models = try shippedModels()
        XCTAssertGreaterThan(models.count, 30)
        var loops = 0, others = 0, recognised = 0
        for (path, model) in models {
            walk(model, seed: 7) { state, actions in
                let fp = model.fingerprint128(of: state)
                for a in actions {
                    var next = state
                    _ = model.apply(a, to: &next)
                    let same = model.fingerprint128(of: next) == fp
                    if model.isUnchanged(next, from: state) {
                        recognised += 1
                        XCTAssertEqual(next, state, "\(path): \(model.describe(model.apply(a, to: &next))) called unchanged, but it changed the world")
                    }
                    if next == state {
                        loops += 1
                        XCTAssertTrue(same, "\(path): equal worlds, different fingerprints")
                    } else {
                        others += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(loops, 100, "the specs have self-loops to check")
        // Identity misses only steps that write a value back unchanged; the
        // models avoid those writes, so nearly every self-loop skips its
        // fingerprint.
        XCTAssertGreaterThanOrEqual(recognised * 100, loops * 98, "\(recognised) of \(loops) self-loops recognised by identity")
        XCTAssertGreaterThan(others, 100)
    }
}

/// `SystemModel.partialOrderCanReduce` lets the explorer skip looking for
/// ample sets when every call of every actor touches, whatever its operands,
/// something another actor may touch. Checked where it matters: on every
/// shipped spec that claims it, every enabled step on random walks really is
/// dependent (so an ample-set search would have found nothing).
final class PartialOrderPrecheckTests: XCTestCase {
    func testSpecsWithoutAmpleSetsHaveOnlyDependentSteps() throws {
        var ruledOut = 0, possible = 0, checked = 0
        for (path, model) in try shippedModels() {
            if model.partialOrderCanReduce { possible += 1; continue }
            ruledOut += 1
            walk(model, seed: 11) { state, actions in
                for a in actions {
                    guard let f = model.footprint(of: a, in: state) else { continue }
                    checked += 1
                    XCTAssertNotEqual(f.resources & model.othersReach(excluding: f.actor, in: state), 0,
                                      "\(path): \(a) is independent, yet ample sets were ruled out")
                }
            }
        }
        XCTAssertGreaterThan(ruledOut, 0, "the grant/revoke benchmarks rule ample sets out")
        XCTAssertGreaterThan(possible, 0, "some spec keeps partial-order reduction working")
        XCTAssertGreaterThan(checked, 1000)
    }
}
