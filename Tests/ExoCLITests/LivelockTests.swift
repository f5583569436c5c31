import Foundation
import XCTest
import ExoCore
import ExoCheck
import ExoStack
@testable import ExoCLI

/// The no-deadlock invariant's second half: a state where steps are open
/// but none changes anything (every call refused and retried, no deadline
/// pending) must be a valid end too.
final class LivelockTests: CLITestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `specs/bug-end-access-livelock.exo`: d0 shares a page read-only and
    /// ends access; with the mutant end-access-misses-readonly, ending
    /// access is refused for ever.
    func livelockSpec(mutant: Bool = true, owner: String = "actor", check: String = "no-deadlock") throws -> String {
        var text = try String(contentsOf: Self.root.appendingPathComponent("specs/bug-end-access-livelock.exo"), encoding: .utf8)
        if !mutant { text = text.replacingOccurrences(of: "mutant end-access-misses-readonly\n", with: "") }
        text = text.replacingOccurrences(of: "actor owner on d0:", with: "\(owner) owner on d0:")
        return text.replacingOccurrences(of: "check no-deadlock", with: "check \(check)")
    }

    func model(_ text: String, mutants: [String] = []) throws -> SystemModel {
        try ModelLoader.model(try ModelLoader.system(text: text, file: "l.exo"), file: "l.exo", mutants: mutants)
    }

    func testARefusedCallRetriedForEverIsCaughtByEverySearch() throws {
        let m = try model(try livelockSpec())
        var first: FoundViolation?
        for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
            for jobs in [1, 2] {
                for por in [true, false] {
                    var o = ExploreOptions(spec: m.system)
                    o.strategy = strategy
                    o.jobs = jobs
                    o.partialOrderReduction = por
                    let r = Explorer(model: m, options: o).run()
                    let label = "\(strategy) jobs \(jobs) por \(por)"
                    let v = try XCTUnwrap(r.violations.first, label)
                    XCTAssertEqual(v.first.invariant, "no-deadlock", label)
                    XCTAssertTrue(v.first.message.contains("owner end_access(0) -> refused"), v.first.message)
                    XCTAssertTrue(v.first.message.contains("owner (at end_access) has not finished"), v.first.message)
                    // alloc, grant, map, unmap: then only the refused end_access is left.
                    XCTAssertEqual(v.depth, 4, label)
                    let replay = try XCTUnwrap(m.replay(path: v.path), label)
                    XCTAssertEqual(replay.violations, v.violations, label)
                    XCTAssertNotNil(m.unchangingSteps(in: replay.finalState), label)
                    if strategy == .bfs {
                        if let f = first { XCTAssertEqual(v, f, label) } else { first = v }
                    }
                }
            }
        }
    }

    func testRandomWalksFindIt() throws {
        let m = try model(try livelockSpec())
        var o = ExploreOptions(spec: m.system)
        o.strategy = .random(seed: 7, walks: 50, depth: 20)
        let r = Explorer(model: m, options: o).run()
        XCTAssertEqual(r.violations.first?.first.invariant, "no-deadlock")
    }

    func testWithoutTheBugOrTheCheckOrAsADaemonItHolds() throws {
        let endMarked = try livelockSpec().replacingOccurrences(of: "  end_access g", with: "  end end_access g")
        XCTAssertNotEqual(endMarked, try livelockSpec())
        for text in [try livelockSpec(mutant: false), try livelockSpec(owner: "daemon"),
                     try livelockSpec(check: "grant-authorized"), endMarked] {
            let m = try model(text)
            let r = Explorer(model: m, options: ExploreOptions(spec: m.system)).run()
            XCTAssertEqual(r.verdict, .holds, text)
        }
        // The mutant from the command line, on the spec without its line.
        let m = try model(try livelockSpec(mutant: false), mutants: ["end-access-misses-readonly"])
        XCTAssertEqual(Explorer(model: m, options: ExploreOptions(spec: m.system)).run().violations.first?.depth, 4)
    }

    /// Each of the shipped specs whose actors may rest for ever (declared
    /// daemons, or resting at steps marked `end`) finds the stutter without
    /// that; the state it reports can never change, and the model's own
    /// definition agrees.
    func testShippedSpecsWhoseActorsRunOutOfWorkAreDaemonsForAReason() throws {
        // Each case: the spec, and the declaration or `end` marker that
        // lets it rest where it does.
        let cases: [(spec: String, valid: String, not: String)] = [
            ("10-hv-grant-map", "daemon intruder on d2:", "actor intruder on d2:"),
            ("13-hv-teardown", "daemon each d in d0, d1:", "actor each d in d0, d1:"),
            ("22-uni-vchan", "    end vchan_recv u0", "    vchan_recv u0"),
            ("32-exo-filters", "    end recv_packet", "    recv_packet"),
            ("33-exo-cpu", "    end yield", "    yield"),
            ("default", "daemon libos on e0:", "actor libos on e0:"),
        ]
        for c in cases {
            let path = Self.root.appendingPathComponent("specs/\(c.spec).exo").path
            let shipped = try String(contentsOfFile: path, encoding: .utf8)
            let actor = shipped.replacingOccurrences(of: c.valid, with: c.not)
            XCTAssertNotEqual(actor, shipped, c.spec)
            XCTAssertEqual(try explore(shipped).verdict, .holds, c.spec)
            let m = try model(actor)
            let r = Explorer(model: m, options: ExploreOptions(spec: m.system)).run()
            let v = try XCTUnwrap(r.violations.first, c.spec)
            XCTAssertEqual(v.first.invariant, "no-deadlock", c.spec)
            XCTAssertTrue(v.first.message.contains("no step can change anything"), "\(c.spec): \(v.first.message)")
            let end = try XCTUnwrap(m.replay(path: v.path)).finalState
            XCTAssertNotNil(m.stutterViolation(of: end), c.spec)
            XCTAssertNil(m.stuckActors(in: end), "\(c.spec): steps are open, so it is no plain deadlock")
        }
    }

    /// Against a plain breadth-first search that asks every state it
    /// reaches the whole question (`check`, then, for a state `check`
    /// passes, the stutter question): on every shipped spec that expects to
    /// hold, with its daemons made actors and its `end` markers taken out so
    /// that livelocks show, the
    /// explorer finds exactly the invariants the reference finds, a
    /// violation of a check invariant at its least depth, and each
    /// violating state by a shortest path; for one and two jobs, with and
    /// without partial-order reduction.
    func testTheExplorerFindsWhatAPlainSearchFinds() throws {
        let files = try SpecSuite.specFiles(in: Self.root.appendingPathComponent("specs").path)
        var livelocks = 0
        for path in files where !path.contains("/bug-") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
                .replacingOccurrences(of: "\ndaemon ", with: "\nactor ")
                .replacingOccurrences(of: #"(?m)^(\s*(either: |or: )?)end "#, with: "$1", options: .regularExpression)
            let m = try model(text)
            // Reference: distance of every reachable state (by fingerprint),
            // and the least depth at which each invariant is violated;
            // violating states are not expanded (as the explorer does not).
            var distance: [UInt64: Int] = [m.fingerprint64(of: m.initialState()): 0]
            var least: [String: Int] = [:]
            var level = [m.initialState()]
            var depth = 0
            while !level.isEmpty {
                var next: [World] = []
                for w in level {
                    var found: [Violation] = []
                    m.check(w, into: &found)
                    if found.isEmpty, let v = m.stutterViolation(of: w) { found.append(v) }
                    for v in found where least[v.invariant] == nil { least[v.invariant] = depth }
                    if !found.isEmpty { continue }
                    for a in m.actions(of: w) {
                        var n = w
                        _ = m.apply(a, to: &n)
                        let fp = m.fingerprint64(of: n)
                        if distance[fp] == nil { distance[fp] = depth + 1; next.append(n) }
                    }
                }
                level = next
                depth += 1
            }
            if least["no-deadlock"] != nil { livelocks += 1 }
            for (jobs, por) in [(1, false), (2, false), (1, true)] {
                var o = ExploreOptions(spec: m.system)
                o.jobs = jobs
                o.partialOrderReduction = por
                o.maxViolations = 20
                let r = Explorer(model: m, options: o).run()
                let label = "\(path) jobs \(jobs) por \(por)"
                XCTAssertEqual(Set(r.violations.flatMap { $0.violations.map(\.invariant) }), Set(least.keys), label)
                for v in r.violations {
                    XCTAssertEqual(distance[v.fingerprintLow], v.depth, "\(label): \(v.first.invariant) not by a shortest path")
                    if !por && v.first.invariant != "no-deadlock" {
                        XCTAssertEqual(v.depth, least[v.first.invariant], "\(label): \(v.first.invariant)")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(livelocks, 6, "the shipped specs whose daemons can get stuck")
    }

    func explore(_ text: String) throws -> ExploreResult {
        let m = try model(text)
        return Explorer(model: m, options: ExploreOptions(spec: m.system)).run()
    }

    // MARK: the command line

    func testExploreReportsItWithATraceThatReplaysToIt() throws {
        let spec = Self.root.appendingPathComponent("specs/bug-end-access-livelock.exo").path
        let r = try exocheck(["explore", spec, "--out", path("out"), "--quiet"])
        XCTAssertEqual(r.code, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("expected: violation no-deadlock — met"), r.stdout)
        let trace = path("out/bug-end-access-livelock-no-deadlock.trace.gz")
        let replay = try exocheck(["replay", trace])
        XCTAssertEqual(replay.code, 0, replay.stdout + replay.stderr)
        XCTAssertTrue(replay.stdout.contains("the replayed state violates no-deadlock: no step can change anything"), replay.stdout)
    }

    /// A step that copies a buffer but writes equal values (a successful
    /// `copy_from_grant` of the same bytes) changes nothing either: the
    /// explorer and `simulate` both see the reader stuck copying for ever.
    /// (From the review: `simulate` counted only shared buffers and ran to
    /// its step bound.)
    func testStepsThatWriteEqualValuesChangeNothing() throws {
        let text = """
            spec copy-loop
              "d1 copies d0's read-only grant into its own page for ever."
            expect holds
            machine frames 3
            hypervisor grant-entries 1 maptrack 1
            domain d0, d1 : guest
            actor owner on d0:
              let f = alloc
              grant_access d1 f ro
            actor reader on d1:
              let g = alloc
              loop:
                copy_from_grant d0 0 g
            check no-deadlock

            """
        let m = try model(text)
        let r = Explorer(model: m, options: ExploreOptions(spec: m.system)).run()
        XCTAssertTrue(r.violations.first?.first.message.contains("reader (at copy_from_grant) has not finished") ?? false)
        let spec = try write(text, "c.exo")
        let s = try exocheck(["simulate", spec, "--seed", "1", "--steps", "100000", "--out", path("c.trace.gz")])
        XCTAssertEqual(s.code, 1, s.stdout + s.stderr)
        XCTAssertTrue(s.stdout.contains("(stopped: violation)"), s.stdout)
        XCTAssertTrue(s.stdout.contains("changes nothing: reader copy_from_grant(d0, 0, "), s.stdout)
        let events = try XCTUnwrap(Int(s.stdout.split(separator: " ")[1]))
        XCTAssertLessThan(events, 100, "stopped 16 steps after it froze, not at the step bound")
    }

    func testSimulateStopsAtALivelockAndAtAFrozenValidEnd() throws {
        let spec = try write(try livelockSpec(), "l.exo")
        let out = path("l.trace.gz")
        let r = try exocheck(["simulate", spec, "--seed", "1", "--steps", "10000", "--out", out])
        XCTAssertEqual(r.code, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("(stopped: violation)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("violation: no-deadlock: no step can change anything"), r.stdout)
        let replay = try exocheck(["replay", out])
        XCTAssertTrue(replay.stdout.contains("the replayed state violates no-deadlock"), replay.stdout)

        // As a daemon the owner may retry for ever: the run just stops there.
        let daemon = try write(try livelockSpec(owner: "daemon"), "d.exo")
        let d = try exocheck(["simulate", daemon, "--seed", "1", "--steps", "10000", "--out", path("d.trace.gz")])
        XCTAssertEqual(d.code, 0, d.stdout + d.stderr)
        XCTAssertTrue(d.stdout.contains("(stopped: nothing can change any more)"), d.stdout)
        let events = try XCTUnwrap(Int(d.stdout.split(separator: " ")[1]))
        XCTAssertLessThan(events, 100, "stopped 16 unchanged steps after it froze, not at the step bound")
        XCTAssertGreaterThanOrEqual(events, 4 + 16)

        // --no-deadlock: no violation, but a frozen run still stops.
        let n = try exocheck(["simulate", spec, "--seed", "1", "--steps", "10000", "--no-deadlock", "--out", path("n.trace.gz")])
        XCTAssertEqual(n.code, 0, n.stdout + n.stderr)
        XCTAssertTrue(n.stdout.contains("(stopped: nothing can change any more)"), n.stdout)
    }
}
