import Foundation
import XCTest
@testable import ExoCLI
import ExoStack

/// The suite checks that the reductions change no verdict on the shipped
/// specs where they are in force.
final class ReductionSuiteTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func spec(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The suite's reductions pass: the shipped specs where a reduction is
    /// in force are found, and on them every mutant gets the same verdict
    /// with and without.
    func testReductionsAgreeOnTheShippedSpecsThatUseThem() throws {
        let names = ["10-hv-grant-map.exo", "12-hv-evtchn.exo", "15-hv-symmetric-guests.exo", "51-stack-independent-work.exo"]
        let suite = SpecSuite(jobs: 1)
        var active: [String] = []
        for s in try SpecSuite.load(names.map { Self.spec("specs/" + $0) }) {
            if SpecSuite.reductionsActive(try suite.explore(s)) { active.append((s.path as NSString).lastPathComponent) }
        }
        XCTAssertEqual(active, ["15-hv-symmetric-guests.exo", "51-stack-independent-work.exo"])
        let sym = try SpecSuite.load([Self.spec("specs/15-hv-symmetric-guests.exo")])[0]
        // The suite runs every mutant (in release); here the three this
        // spec kills and one it cannot reach.
        let some = ["end-access-while-mapped", "map-ignores-readonly", "free-while-mapped", "send-drops-event"]
        let agree = try suite.reductionsAgree(sym, mutants: Layers.mutants.filter { some.contains($0.name) })
        XCTAssertTrue(agree.ok, agree.message)
        XCTAssertTrue(agree.message.contains("the spec and 4 mutants"), agree.message)
        XCTAssertTrue(agree.message.contains("546 and 3136 states; 3 violated"), agree.message)
    }

    /// Two searches cut by a bound agree on nothing: a reduction-active spec
    /// with a state bound fails the pass instead of passing vacuously.
    func testABoundedSpecIsNotComparedAsIfItHeld() throws {
        let dir = NSTemporaryDirectory() + "exo-reduction-bound-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try String(contentsOfFile: Self.spec("specs/15-hv-symmetric-guests.exo"), encoding: .utf8)
            + "explore strategy bfs states 100\n"
        let file = dir + "/15b.exo"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let spec = try SpecSuite.load([file])[0]
        let r = try SpecSuite(jobs: 1).reductionsAgree(spec, mutants: [])
        XCTAssertFalse(r.ok)
        XCTAssertTrue(r.message.contains("the spec: the states bound stopped the search after"), r.message)
    }
}
