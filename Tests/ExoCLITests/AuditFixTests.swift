import Foundation
import XCTest
@testable import ExoCLI

/// What a user meets at the edges of `explore`, `suite`, `mutants` and
/// `bench`: results that are never lost, bounds that never pass for a
/// proof, options that say what is wrong with them, a JSON summary whose
/// keys are always there.
final class CLIEdgeTests: CLITestCase {
    /// A trace that cannot be written (a directory sits where it goes)
    /// fails the run (exit 2, the reason on stderr), but the summary and
    /// the timeline are printed first: the result is not lost with it.
    func testAFailedTraceWriteStillPrintsTheResult() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let out = path("out")
        try FileManager.default.createDirectory(atPath: out + "/grant-map-end-grant-authorized.trace.gz",
                                                withIntermediateDirectories: true)
        let r = try exocheck(["explore", spec, "--mutant", "end-access-while-mapped", "--out", out, "--quiet"])
        XCTAssertEqual(r.code, 2, r.stderr)
        XCTAssertTrue(r.stdout.contains("counterexample 1 (4 steps): grant-authorized"), r.stdout)
        XCTAssertTrue(r.stdout.contains("violated grant-authorized"), r.stdout)
        XCTAssertFalse(r.stdout.contains("reproduce:"), "no trace, no repro line: \(r.stdout)")
        XCTAssertTrue(r.stderr.contains("is a directory"), r.stderr)

        // The JSON summary too, with the trace null.
        let j = try exocheck(["explore", spec, "--mutant", "end-access-while-mapped", "--out", out, "--json"])
        XCTAssertEqual(j.code, 2, j.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let v = try XCTUnwrap((obj["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(v["invariant"] as? String, "grant-authorized")
        XCTAssertTrue(v["trace"] is NSNull, "\(v)")

        // An output directory that cannot be made says why.
        let file = try write("x", "afile")
        let sub = try exocheck(["explore", spec, "--mutant", "end-access-while-mapped", "--out", path("afile") + "/x", "--quiet"])
        XCTAssertTrue(sub.stderr.contains("cannot create the output directory (\(path("afile")) is a file, not a directory)"), sub.stderr)
        let f = try exocheck(["explore", spec, "--mutant", "end-access-while-mapped", "--out", file, "--quiet"])
        XCTAssertEqual(f.code, 2)
        XCTAssertTrue(f.stderr.contains("\(file): cannot create the output directory (a file of that name exists)"), f.stderr)
        XCTAssertTrue(f.stdout.contains("counterexample 1"), f.stdout)
    }

    /// A search a bound cut short has not shown that a spec holds: the
    /// expectation reads NOT MET, and the suite fails such a spec.
    func testABoundCutSearchDoesNotMeetExpectHolds() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let full = try exocheck(["explore", spec, "--quiet"])
        XCTAssertEqual(full.code, 0)
        XCTAssertTrue(full.stdout.contains("expected: holds — met"), full.stdout)

        let cut = try exocheck(["explore", spec, "--max-states", "5", "--quiet"])
        XCTAssertEqual(cut.code, 0, "no violation: exit 0 as before")
        XCTAssertTrue(cut.stdout.contains("expected: holds — NOT MET (not shown: the states bound stopped the search"), cut.stdout)

        let json = try exocheck(["explore", spec, "--max-depth", "2", "--json"])
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(obj["bound"] as? String, "depth")
        XCTAssertEqual(obj["expected"] as? String, "holds")
        XCTAssertEqual(obj["expected_met"] as? Bool, false)

        // In the suite: a spec whose own explore line bounds it fails.
        let specs = path("specs"), traces = path("traces")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: traces, withIntermediateDirectories: true)
        let bounded = Self.grantSpec.replacingOccurrences(of: "expect holds\n", with: "expect holds\nexplore states 5\n")
        XCTAssertNotEqual(bounded, Self.grantSpec)
        try bounded.write(toFile: specs + "/bounded.exo", atomically: true, encoding: .utf8)
        let suite = try exocheck(["suite", "--specs", specs, "--traces", traces])
        XCTAssertEqual(suite.code, 1, suite.stdout + suite.stderr)
        XCTAssertTrue(suite.stdout.contains("FAIL  spec \(specs)/bounded.exo: expect holds; 5 states; the states bound stopped the search"),
                      suite.stdout)
    }

    /// Every key of the JSON summary is there in every run: what has no
    /// value is null.
    func testJSONKeysAreTheSameInEveryRun() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        func keys(_ args: [String]) throws -> (Set<String>, [String: Any]) {
            let r = try exocheck(["explore", spec, "--json", "--out", path("o")] + args)
            let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
            return (Set(obj.keys), obj)
        }
        let (whole, w) = try keys([])
        let (rootOnly, root) = try keys(["--max-depth", "0"])
        let (violating, v) = try keys(["--mutant", "end-access-while-mapped"])
        XCTAssertEqual(whole, rootOnly)
        XCTAssertEqual(whole, violating)
        XCTAssertTrue(w["bound"] is NSNull, "\(w)")
        XCTAssertTrue(root["min_fingerprint_distance"] is NSNull, "one state: no distance, \(root)")
        XCTAssertTrue(root["collision_probability_observed"] is NSNull, "\(root)")
        let entry = try XCTUnwrap((v["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(entry["trace"] as? String, path("o") + "/grant-map-end-grant-authorized.trace.gz")
        XCTAssertNotNil(FileManager.default.contents(atPath: entry["trace"] as! String))
        XCTAssertEqual(v["expected_met"] as? Bool, false)
    }

    /// A negative number is named as such, not taken for a missing value;
    /// counts that must be positive say so.
    func testNegativeAndZeroNumbersAreNamed() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let cases: [([String], String)] = [
            (["explore", spec, "--max-depth", "-1"], "--max-depth must not be negative"),
            (["explore", spec, "--jobs", "-1"], "--jobs must be in 1...1024"),
            (["explore", spec, "--continue", "-3"], "--continue must be at least 1"),
            (["explore", spec, "--time-limit", "-1"], "--time-limit must be a positive"),
            (["explore", spec, "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
            (["explore", spec, "--strategy", "random", "--walks", "0"], "--walks and --depth must be at least 1"),
            (["explore", spec, "--strategy", "random", "--depth", "0"], "--walks and --depth must be at least 1"),
            (["bench", spec, "--no-explore", "--events", "0"], "--events must be at least 1"),
            (["simulate", spec, "--steps", "-5", "--out", path("s.trace.gz")], "--steps"),
        ]
        for (args, message) in cases {
            let r = try exocheck(args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        }
    }

    /// `suite` with no traces directory fails at once instead of checking
    /// no trace.
    func testSuiteWithoutItsTracesDirectoryIsBadInput() throws {
        let specs = path("specs")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        try Self.grantSpec.write(toFile: specs + "/g.exo", atomically: true, encoding: .utf8)
        let r = try exocheck(["suite", "--specs", specs, "--traces", path("none")])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "exocheck: \(path("none")): cannot list the directory of golden traces\n")
        XCTAssertEqual(r.stdout, "", "nothing ran")
    }

    /// `mutants` says which specs it leaves out, and refuses a list with
    /// none that could kill anything.
    func testMutantsSaysWhichSpecsItSkips() throws {
        let holds = try write(Self.grantSpec, "g.exo")
        let bug = try write(Self.grantSpec.replacingOccurrences(of: "expect holds", with: "expect violation grant-authorized\nmutant end-access-while-mapped"),
                            "bug.exo")
        let only = try exocheck(["mutants", bug, "--mutant", "end-access-while-mapped"])
        XCTAssertEqual(only.code, 2, only.stdout + only.stderr)
        XCTAssertTrue(only.stderr.contains("note: \(bug) is skipped: it expects violation grant-authorized"), only.stderr)
        XCTAssertTrue(only.stderr.contains("no spec that expects to hold among the specs given"), only.stderr)
        let both = try exocheck(["mutants", bug, holds, "--mutant", "end-access-while-mapped"])
        XCTAssertEqual(both.code, 0, both.stdout + both.stderr)
        XCTAssertTrue(both.stderr.contains("note: \(bug) is skipped"), both.stderr)
        XCTAssertTrue(both.stdout.contains("1 of 1 mutant killed"), both.stdout)
    }

    /// A mutant of a layer the spec does not have is allowed (it changes
    /// nothing) but warned about; one of a layer it has is not.
    func testAMutantOfAMissingLayerIsWarnedAbout() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let r = try exocheck(["explore", spec, "--mutant", "seal-leaves-wx-page", "--quiet"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.stderr, "warning: mutant seal-leaves-wx-page changes the unikernel, which \(spec) does not have: it can change nothing here\n")
        let x = try exocheck(["explore", spec, "--mutant", "ipc-delivers-twice", "--quiet"])
        XCTAssertTrue(x.stderr.contains("changes the library OS"), x.stderr)
        let hv = try exocheck(["explore", spec, "--mutant", "map-ignores-readonly", "--quiet"])
        XCTAssertFalse(hv.stderr.contains("warning"), hv.stderr)
    }

    /// `--jobs` with a one-thread strategy says so.
    func testJobsWithDepthFirstSearchIsNoted() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let r = try exocheck(["explore", spec, "--strategy", "dfs", "--jobs", "2", "--quiet"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.stderr, "note: --jobs applies to breadth-first search; a depth-first search runs on one thread\n")
        XCTAssertEqual(try exocheck(["explore", spec, "--jobs", "2", "--quiet"]).stderr, "")
    }

    /// `--measure-reductions` says how many states each reduction saves,
    /// in text and JSON, and only for a search that covered every state.
    func testMeasureReductionsReportsTheStatesEachSaves() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let spec = root.appendingPathComponent("specs/15-hv-symmetric-guests.exo").path
        let r = try exocheck(["explore", spec, "--measure-reductions", "--quiet"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("reductions measured (distinct states): none 3136, partial order 3136 (saves 0), symmetry 546 (saves 2590), both 546 (saves 2590)"), r.stdout)
        let j = try exocheck(["explore", spec, "--measure-reductions", "--json"])
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let c = try XCTUnwrap(obj["reductions_compared"] as? [String: Any])
        XCTAssertEqual(c["none"] as? Int, 3136)
        XCTAssertEqual(c["symmetry_only"] as? Int, 546)
        XCTAssertEqual(c["partial_order_only"] as? Int, 3136)
        XCTAssertEqual(c["both"] as? Int, obj["distinct_states"] as? Int)
        // Without the flag the key is there, null; with a bound, not measured.
        let plain = try exocheck(["explore", spec, "--json"])
        let p = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(p["reductions_compared"] is NSNull)
        let cut = try exocheck(["explore", spec, "--measure-reductions", "--max-states", "10", "--quiet"])
        XCTAssertTrue(cut.stdout.contains("reductions not measured: this search, or one with a reduction switched, did not cover its whole state space"), cut.stdout)
        // The search itself holds under the bound (546 states) but the one
        // without symmetry (3136) would be cut: no count is reported then.
        let half = try exocheck(["explore", spec, "--measure-reductions", "--max-states", "1000", "--json"])
        let h = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(half.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(h["verdict"] as? String, "holds")
        XCTAssertTrue(h["reductions_compared"] is NSNull, "\(h)")
    }

    /// Coverage lists every operation a program names, with 0 for those
    /// no state enabled (TLC's zero coverage): here `free` and the wait
    /// behind a grant nobody maps.
    func testCoverageListsOperationsNeverTaken() throws {
        let spec = try write("""
            spec cov
              "an operation that can never be reached"
            expect holds

            machine frames 2
            hypervisor grant-entries 1 maptrack 1
            domain d0, d1 : guest

            actor owner on d0:
              let f = alloc
              let g = grant_access d1 f ro
              end wait mapped g
              free f

            check all

            """, "cov.exo")
        let r = try exocheck(["explore", spec, "--quiet"])
        XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("coverage: alloc 1 free 0 grant_access 1 mapped 0\n"), r.stdout)
        let j = try exocheck(["explore", spec, "--json"])
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let cov = try XCTUnwrap(obj["coverage"] as? [[String: Any]])
        XCTAssertEqual(cov.map { $0["name"] as? String ?? "" }, ["alloc", "free", "grant_access", "mapped"])
        XCTAssertEqual(cov.map { $0["count"] as? Int ?? -1 }, [1, 0, 1, 0])
    }

    /// With --continue the headline names every invariant a counterexample
    /// was kept for, not only the first.
    func testContinueHeadlineNamesEveryInvariant() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let spec = root.appendingPathComponent("specs/10-hv-grant-map.exo").path
        let r = try exocheck(["explore", spec, "--mutant", "free-while-mapped", "--mutant", "map-ignores-readonly",
                              "--continue", "3", "--quiet", "--out", path("o")])
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("exocheck explore \(spec): violations of grant-readonly, no-reuse-while-mapped\n"), r.stdout)
    }

    /// A spec that is not UTF-8 is an error at the line and column of its
    /// first bad byte, as every other spec error is.
    func testNonUTF8SpecIsAnErrorAtItsPosition() throws {
        var bytes = Array("spec s\nexpect holds\n\nmachine frames 2\n# caf\u{E9} ".utf8)
        bytes.append(0xFF)
        bytes += Array(" here\n".utf8)
        let file = path("bad.exo")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        let r = try exocheck(["check", file])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.hasPrefix("exocheck: \(file):5:8: error: not UTF-8 text (byte 0xFF)\n"), r.stderr)
        let e = try exocheck(["explore", file])
        XCTAssertEqual(e.code, 2)
        XCTAssertEqual(e.stderr, "exocheck: \(file):5:8: error: not UTF-8 text (byte 0xFF)\n")

        // The validator against the standard library's, on the edge cases.
        let cases: [[UInt8]] = [[], [0x41], [0xC3, 0xA9], [0xC0, 0x80], [0xC2], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80],
                                [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
                                [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0x41, 0x80],
                                [0xE2, 0x82], [0xE2, 0x82, 0xAC, 0xFF]]
        for c in cases {
            let valid = String(validatingUTF8CString: c) != nil
            XCTAssertEqual(ModelLoader.firstInvalidUTF8(c) == nil, valid, "\(c)")
        }
        XCTAssertEqual(ModelLoader.firstInvalidUTF8([0x41, 0xE2, 0x82, 0xAC, 0xE2, 0x82]), 4)
    }

    /// A trace checks what its run checked: `--no-deadlock` is recorded,
    /// and a replay leaves the check out too (it reported a violation the
    /// run had not checked for).
    func testNoDeadlockIsRecordedAndReplayed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let spec = root.appendingPathComponent("specs/bug-end-access-livelock.exo").path
        let on = try exocheck(["simulate", spec, "--out", path("on.trace.gz")])
        XCTAssertEqual(on.code, 1, on.stdout)
        let off = try exocheck(["simulate", spec, "--no-deadlock", "--out", path("off.trace.gz")])
        XCTAssertEqual(off.code, 0, off.stdout)
        XCTAssertNotEqual(bytes(path("on.trace.gz")), bytes(path("off.trace.gz")), "the header tells them apart")
        let r = try exocheck(["replay", path("off.trace.gz")])
        XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("no-deadlock"), r.stdout)
        XCTAssertTrue(try exocheck(["replay", path("on.trace.gz")]).stdout.contains("violates no-deadlock"))
        // explore's counterexamples too: with --no-deadlock the mutant's
        // violation is not found at all, so record one with a protection bug.
        let g = try write(Self.grantSpec, "g.exo")
        let e = try exocheck(["explore", g, "--no-deadlock", "--mutant", "end-access-while-mapped", "--out", path("o"), "--quiet"])
        XCTAssertEqual(e.code, 1)
        let replay = try exocheck(["replay", path("o/grant-map-end-grant-authorized.trace.gz")])
        XCTAssertEqual(replay.code, 0, replay.stderr)
        let d = try exocheck(["explore", g, "--mutant", "end-access-while-mapped", "--out", path("d"), "--quiet"])
        XCTAssertEqual(d.code, 1)
        XCTAssertNotEqual(bytes(path("o/grant-map-end-grant-authorized.trace.gz")), bytes(path("d/grant-map-end-grant-authorized.trace.gz")),
                          "the same path, recorded with and without the check")
    }

    /// `simulate` refuses to write its trace over its own spec; its repro
    /// line names every option that shapes the trace; the order and
    /// repetition of `--mutant` flags change no byte.
    func testSimulateOutputAndReproLine() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let same = try exocheck(["simulate", spec, "--out", dir + "/./g.exo"])
        XCTAssertEqual(same.code, 2)
        XCTAssertTrue(same.stderr.contains("--out names the spec itself"), same.stderr)
        XCTAssertEqual(try String(contentsOfFile: spec, encoding: .utf8), Self.grantSpec, "the spec is untouched")

        let r = try exocheck(["simulate", spec, "--seed", "6", "--mutant", "end-access-while-mapped", "--snapshot-interval", "5",
                              "--out", path("a.trace.gz")])
        XCTAssertEqual(r.code, 1, r.stdout)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("reproduce:") })
        let cmd = try XCTUnwrap(line.range(of: "(or: exocheck ").map { String(line[$0.upperBound...].dropLast()) })
        XCTAssertTrue(cmd.contains("--snapshot-interval 5"), cmd)
        let again = try exocheck(cmd.replacingOccurrences(of: path("a.trace.gz"), with: path("b.trace.gz"))
            .split(separator: " ").map(String.init))
        XCTAssertEqual(again.code, 1, again.stderr)
        XCTAssertEqual(bytes(path("a.trace.gz")), bytes(path("b.trace.gz")), "the repro command makes the same bytes")

        _ = try exocheck(["simulate", spec, "--mutant", "map-ignores-readonly", "--mutant", "free-while-mapped", "--out", path("ab.trace.gz")])
        _ = try exocheck(["simulate", spec, "--mutant", "free-while-mapped", "--mutant", "map-ignores-readonly", "--mutant", "free-while-mapped",
                          "--out", path("ba.trace.gz")])
        XCTAssertEqual(bytes(path("ab.trace.gz")), bytes(path("ba.trace.gz")))
    }

    /// A file that starts with a byte-order mark is not in canonical form
    /// (`--in-place` writes none), so `--check` says so.
    func testFmtCheckSeesAByteOrderMark() throws {
        let plain = try write(Self.grantSpec, "g.exo")
        let formatted = try exocheck(["fmt", plain])
        XCTAssertEqual(formatted.code, 0)
        let canonical = try write(formatted.stdout, "c.exo")
        XCTAssertEqual(try exocheck(["fmt", "--check", canonical]).code, 0)
        let bom = path("bom.exo")
        XCTAssertTrue(FileManager.default.createFile(atPath: bom, contents: Data([0xEF, 0xBB, 0xBF] + Array(formatted.stdout.utf8))))
        let r = try exocheck(["fmt", "--check", bom])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.contains("not in canonical form (it starts with a byte-order mark)"), r.stderr)
        XCTAssertEqual(try exocheck(["fmt", "--in-place", bom]).code, 0)
        XCTAssertEqual(try exocheck(["fmt", "--check", bom]).code, 0, "in place, it is canonical")
    }

    /// Counts read as English: one of a thing is not plural.
    func testCountsAreSingularForOne() throws {
        let spec = try write("""
            spec one
              "one of each"
            expect holds

            machine frames 1
            hypervisor grant-entries 1 maptrack 1
            domain d0 : guest

            actor a on d0:
              alloc

            """, "one.exo")
        let r = try exocheck(["check", spec])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("ok (1 domain, 1 actor, 1 step enabled initially"), r.stdout)
        let s = try exocheck(["simulate", spec, "--out", path("o.trace.gz")])
        XCTAssertTrue(s.stdout.hasPrefix("simulated 1 event (stopped"), s.stdout)
        let p = try exocheck(["replay", path("o.trace.gz")])
        XCTAssertTrue(p.stdout.hasPrefix("replayed 1 event (to the end), 1 snapshot verified"), p.stdout)
    }

    /// A range that ends at the largest Int32 is listed without overflow.
    func testARangeAtTheTopOfInt32IsListed() throws {
        let spec = try write("""
            spec top
              "a range at the top of Int32"
            expect holds

            machine frames 1
            hypervisor grant-entries 1 maptrack 1 ports 1
            domain d0 : guest

            actor a on d0:
              ignore evtchn_bind d0 any 2147483646..2147483647

            """, "top.exo")
        let r = try exocheck(["check", spec])
        XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("2 steps enabled initially"), r.stdout)
    }

    /// A byte-order mark at the start of a file is no column.
    func testNonUTF8ColumnAfterAByteOrderMark() throws {
        let file = path("bom.exo")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data([0xEF, 0xBB, 0xBF] + Array("spec x".utf8) + [0xFF])))
        let r = try exocheck(["check", file])
        XCTAssertTrue(r.stderr.hasPrefix("exocheck: \(file):1:7: error: not UTF-8 text (byte 0xFF)"), r.stderr)
    }
}


private extension String {
    /// Whether the bytes (no NUL among them) are well-formed UTF-8, by the
    /// standard library's decoder.
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}
