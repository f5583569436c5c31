import Foundation
import XCTest

/// `explore --continue`: one counterexample per invariant, each named after
/// the invariant that made it new and ending in its first violating state.
final class ContinueCLITests: CLITestCase {
    /// The audit's case: a random walk went on from a state that violated
    /// grant-readonly (reported already) and recorded, 9 steps in, a state
    /// violating it and no-reuse-while-mapped, headlined and named
    /// grant-readonly again.
    func testRandomContinueNamesEachCounterexampleAfterItsNewInvariant() throws {
        let spec = ShortenTests.spec("specs/10-hv-grant-map.exo")
        let out = path("out")
        let r = try exocheck(["explore", spec, "--mutant", "free-while-mapped", "--mutant", "map-ignores-readonly",
                              "--strategy", "random", "--continue", "3", "--walks", "200", "--seed", "7",
                              "--json", "--out", out])
        XCTAssertEqual(r.code, 1, r.stderr)
        let d = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let vs = try XCTUnwrap(d["violations"] as? [[String: Any]])
        XCTAssertEqual(vs.map { $0["invariant"] as? String }, ["grant-readonly", "no-reuse-while-mapped"])
        XCTAssertEqual(vs.map { $0["depth"] as? Int }, [3, 3])
        let traces = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(traces, ["hv-grant-map-grant-readonly-1.trace.gz", "hv-grant-map-no-reuse-while-mapped-2.trace.gz"])
    }
}
