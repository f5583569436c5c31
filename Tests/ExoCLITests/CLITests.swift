import Foundation
import XCTest
@testable import ExoCLI
import ExoTrace
import ExoCore

final class CLIExitCodeTests: CLITestCase {
    func testHelpMatchesGolden() throws {
        let r = try exocheck(["--help"])
        XCTAssertEqual(r.code, 0)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/help.txt")
        XCTAssertEqual(r.stdout, try String(contentsOf: golden, encoding: .utf8))
    }

    func testDefaultMemoryBoundIsHalfOfTheMachine() throws {
        let available = try XCTUnwrap(MachineMemory.availableBytes(), "Linux reports its physical memory")
        // What the kernel says, read another way: MemTotal, or a smaller
        // cgroup limit.
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let line = try XCTUnwrap(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let kib = try XCTUnwrap(Int(line.split(separator: " ").dropFirst().first ?? ""))
        var expected = kib * 1024
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                expected = min(expected, limit)
            }
        }
        XCTAssertEqual(Double(available), Double(expected), accuracy: Double(expected) / 100, "within 1%")
        XCTAssertEqual(MachineMemory.defaultExploreLimit(), available / 2)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try exocheck(["explore"]).code, 2)
        XCTAssertEqual(try exocheck(["no-such-command"]).code, 2)
        XCTAssertEqual(try exocheck(["explore", "x.exo", "--fingerprint", "96"]).code, 2)
    }

    /// Numbers that would overflow, start a thread per unit or mean nothing
    /// are usage errors with one line naming the option and its range.
    func testOutOfRangeNumbersAreUsageErrors() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let cases: [([String], String)] = [
            (["explore", spec, "--memory-limit", "8796093022208"], "--memory-limit must be in 1...1073741824 MiB"),
            (["explore", spec, "--memory-limit", "0"], "--memory-limit must be in"),
            (["explore", spec, "--time-limit", "nan"], "--time-limit must be a positive, finite number of seconds"),
            (["explore", spec, "--time-limit", "1e400"], "--time-limit must be a positive"),
            (["explore", spec, "--time-limit", "0"], "--time-limit must be a positive"),
            (["explore", spec, "--jobs", "100000"], "--jobs must be in 1...1024"),
            (["explore", spec, "--jobs", "0"], "--jobs must be in 1...1024"),
            (["mutants", spec, "--jobs", "0"], "--jobs must be in 1...1024"),
            (["suite", "--jobs", "5000"], "--jobs must be in 1...1024"),
            (["bench", spec, "--jobs", "2000"], "--jobs must be in 1...1024"),
        ]
        for (args, message) in cases {
            let r = try exocheck(args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        // The largest memory limit still runs.
        XCTAssertEqual(try exocheck(["explore", spec, "--memory-limit", "1073741824", "--quiet"]).code, 0)
    }

    func testMissingSpecIsOneLineAndExitTwo() throws {
        let r = try exocheck(["explore", path("nope.exo")])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "exocheck: \(path("nope.exo")): no such file\n")
    }

    func testMalformedSpecPointsAtLineAndColumn() throws {
        let p = try write("spec broken\n  \"x\"\nexpect holds\nmachine frames 2\ndomain d0 : guest\nactor a on d0:\n  grant_acess d0 0 ro\n", "broken.exo")
        let r = try exocheck(["explore", p])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("\(p):7:3: error:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("grant_access"), "expected a suggestion: \(r.stderr)")
        XCTAssertFalse(r.stderr.contains("Fatal error"))
    }

    func testUnknownMutantIsBadInput() throws {
        let p = try write(Self.grantSpec, "g.exo")
        let r = try exocheck(["explore", p, "--mutant", "no-such-bug"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("unknown mutant 'no-such-bug'"), r.stderr)
    }

    func testListsShowEveryCatalogueEntry() throws {
        let inv = try exocheck(["list", "invariants"])
        XCTAssertEqual(inv.code, 0)
        for name in ["grant-authorized", "grant-readonly", "maptrack-consistency", "binding-soundness", "abort-deadline", "frame-conservation"] {
            XCTAssertTrue(inv.stdout.contains(name), "missing \(name)")
        }
        let mut = try exocheck(["list", "mutants"])
        for name in ["end-access-while-mapped", "stlb-kept-after-abort", "abort-keeps-grant"] {
            XCTAssertTrue(mut.stdout.contains(name), "missing \(name)")
        }
    }
}

final class CLISimulateReplayTests: CLITestCase {
    func testSameSeedSameBytesAcrossProcesses() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        XCTAssertEqual(try exocheck(["simulate", spec, "--seed", "5", "--out", path("a.trace.gz")]).code, 0)
        XCTAssertEqual(try exocheck(["simulate", spec, "--seed", "5", "--out", path("b.trace.gz")]).code, 0)
        XCTAssertNotNil(bytes(path("a.trace.gz")))
        XCTAssertEqual(bytes(path("a.trace.gz")), bytes(path("b.trace.gz")))
    }

    func testReplayIsBitExactAndZcatSeesTheMagic() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        XCTAssertEqual(try exocheck(["simulate", spec, "--seed", "2", "--out", path("a.trace.gz")]).code, 0)
        let r = try exocheck(["replay", path("a.trace.gz"), "--out", path("b.trace.gz")])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("identical"))
        XCTAssertEqual(bytes(path("a.trace.gz")), bytes(path("b.trace.gz")))
        let z = Process()
        z.executableURL = URL(fileURLWithPath: "/bin/sh")
        z.arguments = ["-c", "gzip -dc '\(path("a.trace.gz"))' | head -c 8"]
        let pipe = Pipe()
        z.standardOutput = pipe
        try z.run()
        let magic = pipe.fileHandleForReading.readDataToEndOfFile()
        z.waitUntilExit()
        XCTAssertEqual(String(decoding: magic, as: UTF8.self), "EXOTRACE")
    }

    func testCorruptTracesAreReportedNotTrapped() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        XCTAssertEqual(try exocheck(["simulate", spec, "--seed", "2", "--out", path("a.trace.gz")]).code, 0)
        var b = [UInt8](bytes(path("a.trace.gz"))!)
        let truncated = Data(b[0..<(b.count / 2)])
        try truncated.write(to: URL(fileURLWithPath: path("t.trace.gz")))
        let t = try exocheck(["replay", path("t.trace.gz")])
        XCTAssertEqual(t.code, 2, t.stderr)
        XCTAssertTrue(t.stderr.hasPrefix("exocheck: \(path("t.trace.gz")):"), t.stderr)
        b[b.count / 2] ^= 0xFF
        try Data(b).write(to: URL(fileURLWithPath: path("c.trace.gz")))
        let c = try exocheck(["replay", path("c.trace.gz")])
        XCTAssertTrue(c.code == 1 || c.code == 2, "a flipped byte must be a divergence or bad input, got \(c.code)")
        XCTAssertFalse(c.stderr.contains("Fatal error"))
        let s = try exocheck(["show", path("a.trace.gz"), "--format", "json"])
        XCTAssertEqual(s.code, 0)
        XCTAssertFalse(s.stdout.isEmpty)
    }
}

final class CLIExploreTests: CLITestCase {
    func testViolationWritesAReplayableShortestCounterexample() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let r = try exocheck(["explore", spec, "--mutant", "end-access-while-mapped", "--out", path("out")])
        XCTAssertEqual(r.code, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("counterexample 1 (4 steps): grant-authorized"), r.stdout)
        XCTAssertTrue(r.stdout.contains("reproduce: exocheck replay"), r.stdout)
        let trace = path("out/grant-map-end-grant-authorized.trace.gz")
        let replay = try exocheck(["replay", trace])
        XCTAssertEqual(replay.code, 0, replay.stderr)
        XCTAssertTrue(replay.stdout.contains("violates grant-authorized"), replay.stdout)
    }

    func testJSONSummaryIsTheSameForOneAndTwoJobs() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        func summary(_ jobs: String) throws -> [String: Any] {
            let r = try exocheck(["explore", spec, "--json", "--jobs", jobs])
            XCTAssertEqual(r.code, 0, r.stderr)
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        }
        let one = try summary("1"), two = try summary("2")
        XCTAssertEqual(one["verdict"] as? String, "holds")
        XCTAssertEqual(one["distinct_states"] as? Int, two["distinct_states"] as? Int)
        XCTAssertEqual(one["signature"] as? String, two["signature"] as? String)
        XCTAssertGreaterThan(one["distinct_states"] as? Int ?? 0, 5)
    }

    func testCheckAndFmt() throws {
        let spec = try write(Self.grantSpec, "g.exo")
        let c = try exocheck(["check", spec])
        XCTAssertEqual(c.code, 0, c.stderr)
        let f1 = try exocheck(["fmt", spec])
        XCTAssertEqual(f1.code, 0)
        let again = try write(f1.stdout, "g2.exo")
        let f2 = try exocheck(["fmt", again])
        XCTAssertEqual(f1.stdout, f2.stdout, "fmt must be idempotent")
        XCTAssertEqual(try exocheck(["fmt", "--check", again]).code, 0)
    }
}

final class CLIReductionTests: CLITestCase {
    static let porSpec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/por.exo").path

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try exocheck(args + ["--json", "--jobs", "1"])
        XCTAssertTrue(r.code == 0 || r.code == 1, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    /// The same spec with d2 an actor, not a daemon: d2 can find d1's port
    /// closed before it binds, and waits for ever (exit 1, in 8 steps);
    /// `--no-deadlock` checks everything else and holds; `simulate` takes
    /// the flag too.
    func testNoDeadlockLeavesOnlyThatCheckOut() throws {
        let text = try String(contentsOfFile: Self.porSpec, encoding: .utf8)
            .replacingOccurrences(of: "daemon a2 on d2:", with: "actor a2 on d2:")
        let spec = try write(text, "stuck.exo")
        let stuck = try json(["explore", spec])
        XCTAssertEqual(stuck["verdict"] as? String, "violation")
        let v = (stuck["violations"] as! [[String: Any]])[0]
        XCTAssertEqual(v["invariant"] as? String, "no-deadlock")
        XCTAssertEqual(try json(["explore", spec, "--no-deadlock"])["verdict"] as? String, "holds")
        let bug = try json(["explore", spec, "--no-deadlock", "--mutant", "unbind-keeps-tlb-entry"])
        XCTAssertEqual((bug["violations"] as! [[String: Any]])[0]["invariant"] as? String, "binding-soundness")
        var deadlocked = 0
        for seed in 1...4 {
            let on = try exocheck(["simulate", spec, "--seed", "\(seed)", "--out", path("on.trace.gz")])
            let off = try exocheck(["simulate", spec, "--seed", "\(seed)", "--out", path("off.trace.gz"), "--no-deadlock"])
            XCTAssertEqual(off.code, 0, off.stdout + off.stderr)
            if on.code == 1 {
                XCTAssertTrue(on.stdout.contains("no-deadlock"), on.stdout)
                deadlocked += 1
            } else {
                XCTAssertEqual(on.code, 0, on.stdout + on.stderr)
            }
        }
        XCTAssertGreaterThan(deadlocked, 0, "some seed strands d2")
    }

    /// A library OS working beside an unrelated event-channel pair: the
    /// interleavings of independent steps fold, and a bug is still found.
    func testPartialOrderReductionSavesStatesAndKeepsTheBug() throws {
        let on = try json(["explore", Self.porSpec]), off = try json(["explore", Self.porSpec, "--no-por"])
        XCTAssertEqual(on["verdict"] as? String, "holds")
        XCTAssertEqual(off["verdict"] as? String, "holds")
        XCTAssertLessThan(on["distinct_states"] as! Int, off["distinct_states"] as! Int)
        XCTAssertGreaterThan(on["por_skipped_transitions"] as! Int, 0)
        for flag in [[], ["--no-por"]] {
            let bug = try json(["explore", Self.porSpec, "--mutant", "unbind-keeps-tlb-entry"] + flag)
            XCTAssertEqual(bug["verdict"] as? String, "violation")
            let v = (bug["violations"] as! [[String: Any]])[0]
            XCTAssertEqual(v["invariant"] as? String, "binding-soundness")
        }
    }
}

final class ReplayVersionTests: CLITestCase {
    /// A trace whose embedded spec no longer gives the recorded run diverges;
    /// when it was recorded by another exocheck version the report says so.
    func testDivergenceFromAnotherVersionSaysWhy() throws {
        let recorded = Self.grantSpec
        let changed = Self.grantSpec.replacingOccurrences(of: "machine frames 3", with: "machine frames 1")
        let model = try ModelLoader.model(try ModelLoader.system(text: recorded, file: "a.exo"), file: "a.exo")
        func record(_ version: String, _ name: String) throws -> String {
            // The header embeds the changed spec, the run follows the recorded one.
            let header = TraceHeader(toolVersion: version, specFileName: "a.exo", specText: changed,
                                     mode: .seededRun, seed: 1, snapshotInterval: 4096)
            let out = path(name)
            _ = try SimulationRun.run(model: model, seed: 1, steps: 20, header: header, out: out)
            return out
        }
        let old = try exocheck(["replay", try record("0.0.1", "old.trace.gz")])
        XCTAssertEqual(old.code, 1)
        XCTAssertTrue(old.stdout.contains("recorded by exocheck 0.0.1 and this is \(ToolVersion.string)"), old.stdout)
        let same = try exocheck(["replay", try record(ToolVersion.string, "same.trace.gz")])
        XCTAssertEqual(same.code, 1, "it still diverges")
        XCTAssertFalse(same.stdout.contains("recorded by exocheck"), "no version note when the versions agree")
    }
}
