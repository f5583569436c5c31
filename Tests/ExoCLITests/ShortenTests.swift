import Foundation
import XCTest

/// Counterexamples found with partial-order reduction, by depth-first search
/// or by random walks are reported shortened.
final class ShortenTests: CLITestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func spec(_ name: String) -> String { root.appendingPathComponent(name).path }

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try exocheck(args + ["--json", "--out", path("out")])
        XCTAssertTrue(r.code == 0 || r.code == 1, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func violation(_ args: [String]) throws -> [String: Any] {
        let d = try json(args)
        return try XCTUnwrap((d["violations"] as? [[String: Any]])?.first, "\(args): no violation")
    }

    /// The library OS's steps are taken first wherever it can move (its
    /// ample set), so breadth-first search with partial-order reduction
    /// reaches the event-channel bug after all eight of them; the report
    /// leaves them out, down to the three steps the unreduced search finds.
    func testPartialOrderCounterexamplesLoseTheStepsThatDoNotMatter() throws {
        let spec = Self.spec("specs/51-stack-independent-work.exo")
        let bug = ["explore", spec, "--mutant", "close-leaves-remote-bound"]
        let plain = try violation(bug + ["--no-por", "--jobs", "1"])
        XCTAssertEqual(plain["depth"] as? Int, 3)
        XCTAssertEqual(plain["found_depth"] as? Int, 3, "an unreduced BFS path is shortest: not touched")
        let asFound = try violation(bug + ["--no-shorten", "--jobs", "1"])
        XCTAssertEqual(asFound["depth"] as? Int, 11)
        var paths: [[Int]] = []
        for jobs in ["1", "2"] {
            let v = try violation(bug + ["--jobs", jobs])
            XCTAssertEqual(v["invariant"] as? String, "evtchn-isolation")
            XCTAssertEqual(v["depth"] as? Int, 3, "jobs \(jobs)")
            XCTAssertEqual(v["found_depth"] as? Int, 11, "jobs \(jobs): the length found is kept")
            paths.append(v["path"] as! [Int])
        }
        XCTAssertEqual(paths[0], paths[1], "the same counterexample for every --jobs")

        // The text says so, and the trace written is the short path.
        let run = try exocheck(bug + ["--out", path("txt")])
        XCTAssertEqual(run.code, 1)
        XCTAssertTrue(run.stdout.contains("counterexample 1 (3 steps; the search found 11, steps that did not matter left out)"), run.stdout)
        let trace = path("txt/stack-independent-work-evtchn-isolation.trace.gz")
        let replay = try exocheck(["replay", trace])
        XCTAssertEqual(replay.code, 0, replay.stdout + replay.stderr)
        XCTAssertTrue(replay.stdout.contains("replayed 3 events"), replay.stdout)
        XCTAssertTrue(replay.stdout.contains("violates evtchn-isolation"), replay.stdout)
    }

    /// Depth-first search on the grant/revoke benchmark: a read-only grant
    /// mapped writable at depth 23. Runs of steps and single steps left out
    /// get it to 11; an alloc and its free only go together (pairs): 5.
    func testDepthFirstCounterexamplesAreShortenedPairsIncluded() throws {
        let spec = Self.spec("specs/bench/grant-revoke.exo")
        let v = try violation(["explore", spec, "--mutant", "map-ignores-readonly", "--strategy", "dfs"])
        XCTAssertEqual(v["invariant"] as? String, "grant-readonly")
        XCTAssertEqual(v["found_depth"] as? Int, 23)
        XCTAssertLessThanOrEqual(v["depth"] as! Int, 5)
        let bfs = try violation(["explore", spec, "--mutant", "map-ignores-readonly"])
        XCTAssertGreaterThanOrEqual(v["depth"] as! Int, bfs["depth"] as! Int, "never shorter than the shortest")
    }

    /// A recorded state may violate several invariants: under `--continue`
    /// it was recorded for one that is not its first, and an `expect
    /// violation X` line may name any of them. Shortening keeps them all.
    /// (It used to keep only the first: the second counterexample below
    /// became a copy of the first, and transfer-once was reported nowhere.)
    func testShorteningKeepsEveryInvariantTheStateViolated() throws {
        let spec = Self.spec("specs/11-hv-transfer.exo")
        let d = try json(["explore", spec, "--mutant", "transfer-leaves-sender-owner", "--strategy", "dfs", "--continue", "4"])
        let found = try XCTUnwrap(d["violations"] as? [[String: Any]])
        XCTAssertEqual(found.count, 2)
        let paths = found.map { $0["path"] as! [Int] }
        XCTAssertNotEqual(paths[0], paths[1], "two counterexamples, not one twice")
        let run = try exocheck(["explore", spec, "--mutant", "transfer-leaves-sender-owner", "--strategy", "dfs",
                                "--continue", "4", "--out", path("c")])
        XCTAssertTrue(run.stdout.contains("violated transfer-once"), run.stdout)

        // An expectation naming the state's second invariant stays met.
        let text = try String(contentsOfFile: Self.spec("specs/50-stack-exo-grant.exo"), encoding: .utf8)
            .replacingOccurrences(of: "expect holds", with: "expect violation quarantine-held")
        let q = try write(text, "q50.exo")
        let shortened = try exocheck(["explore", q, "--strategy", "dfs", "--mutant", "stlb-kept-after-abort", "--out", path("q")])
        XCTAssertTrue(shortened.stdout.contains("expected: violation quarantine-held — met"), shortened.stdout)
        XCTAssertTrue(shortened.stdout.contains("the search found 12"), shortened.stdout)
    }
}
