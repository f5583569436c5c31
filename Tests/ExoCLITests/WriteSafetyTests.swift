import Foundation
import XCTest
import ExoTrace
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the commands that write files do to what is already there, what an
/// interrupted write leaves behind, and how `replay`/`show` treat bad requests
/// and traces naming unknown mutants.
final class WriteSafetyTests: CLITestCase {
    func entries(_ d: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: d).sorted() }

    func fileKind(_ p: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(lstat(p, &st), 0, p)
        return st.st_mode & S_IFMT
    }

    func permissions(_ p: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(stat(p, &st), 0, p)
        return st.st_mode & 0o7777
    }

    /// A spec whose simulation never runs out of steps.
    static let foreverSpec = """
        spec forever
          "d0 allocates and frees a frame for ever."
        expect holds

        machine frames 2
        hypervisor grant-entries 1 maptrack 1 ports 1
        domain d0 : guest

        daemon a0 on d0:
          loop:
            let f = alloc
            free f

        """

    func testSimulateRefusesToReplaceAFIFO() throws {
        let spec = try write(Self.grantSpec, "grant.exo")
        let out = path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let fifo = out + "/run.trace.gz"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertEqual(symlink("run.trace.gz", out + "/link.trace.gz"), 0)
        for target in [fifo, out + "/link.trace.gz"] {
            let r = try exocheck(["simulate", spec, "--steps", "5", "--out", target])
            XCTAssertEqual(r.code, 2, r.stderr)
            XCTAssertEqual(r.stderr, "exocheck: \(target): is a FIFO, not a regular file; refusing to replace it\n")
        }
        XCTAssertEqual(fileKind(fifo), S_IFIFO)
        XCTAssertEqual(try entries(out), ["link.trace.gz", "run.trace.gz"], "nothing left behind")
    }

    func testFmtInPlaceKeepsTheModeAndWritesThroughASymlink() throws {
        let messy = Self.grantSpec.replacingOccurrences(of: "machine frames 3", with: "machine   frames 3")
        let specs = path("specs")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: false)
        let real = try write(messy, "specs/grant.exo")
        XCTAssertEqual(chmod(real, 0o600), 0)
        let link = path("grant.exo")
        XCTAssertEqual(symlink("specs/grant.exo", link), 0)
        XCTAssertEqual(try exocheck(["fmt", "--check", real]).code, 1, "the spec needs formatting")
        let r = try exocheck(["fmt", "--in-place", link])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(fileKind(link), S_IFLNK, "the link is still a link")
        XCTAssertEqual(permissions(real), 0o600)
        XCTAssertEqual(try exocheck(["fmt", "--check", real]).code, 0, "the target was formatted")
        XCTAssertEqual(try entries(specs), ["grant.exo"])

        let script = try write(messy, "script.exo")
        XCTAssertEqual(chmod(script, 0o755), 0)
        XCTAssertEqual(try exocheck(["fmt", "--in-place", script]).code, 0)
        XCTAssertEqual(permissions(script), 0o755)
    }

    /// Starts `simulate` on a run that does not end, waits for its temporary
    /// file, sends `sig`, and checks that the process died of it and left nothing.
    func interrupt(with sig: Int32) throws {
        let spec = try write(Self.foreverSpec, "forever.exo")
        let out = path("out-\(sig)")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["simulate", spec, "--steps", "1000000000", "--out", out + "/run.trace.gz"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        var seen = false
        for _ in 0..<500 where !seen {
            seen = try entries(out).contains { $0.hasPrefix(".run.trace.gz.tmp.") }
            if !seen { usleep(10_000) }
        }
        XCTAssertTrue(seen, "the temporary file appears")
        XCTAssertTrue(p.isRunning)
        kill(p.processIdentifier, sig)
        for _ in 0..<500 where p.isRunning { usleep(10_000) }
        XCTAssertFalse(p.isRunning, "signal \(sig) ends the run")
        guard !p.isRunning else { return }
        XCTAssertEqual(p.terminationReason, .uncaughtSignal, "the exit status is still the signal's")
        XCTAssertEqual(p.terminationStatus, sig)
        XCTAssertEqual(try entries(out), [], "the temporary file is removed")
    }

    func testInterruptedSimulateLeavesNoTemporaryFile() throws {
        try interrupt(with: SIGINT)
        try interrupt(with: SIGTERM)
        try interrupt(with: SIGHUP)
    }

    /// A trace of the grant spec whose header names `mutants`, with
    /// `snapshot` applied to every snapshot (the chain stays consistent).
    func trace(mutants: String = "none", snapshotInterval: Int = 4096,
               snapshot: (inout TraceSnapshot) -> Void = { _ in }) throws -> String {
        let spec = try write(Self.grantSpec, "grant.exo")
        let good = path("good.trace.gz")
        XCTAssertEqual(try exocheck(["simulate", spec, "--steps", "20", "--snapshot-interval", "\(snapshotInterval)",
                                     "--out", good]).code, 0)
        let r = try TraceReader(path: good)
        var h = r.header
        h.setMetadata("mutants", mutants)
        let out = path("rewritten.trace.gz")
        let w = try TraceWriter(path: out, header: h)
        while let item = try r.next() {
            switch item {
            case .event(let e): try w.appendEvent(choice: e.choice, event: e.event, clock: e.clock, fingerprint32: e.fingerprint32)
            case .snapshot(var s):
                snapshot(&s)
                try w.appendSnapshot(state: s.state, clock: s.clock, fingerprint: s.fingerprint)
            }
        }
        try w.finish(finalClock: r.footer!.finalClock, finalFingerprint: r.footer!.finalFingerprint)
        return out
    }

    func testUnknownMutantInATraceHeaderNamesTheTrace() throws {
        let t = try trace(mutants: "nope")
        let r = try exocheck(["replay", t])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "exocheck: \(t): header: unknown mutant 'nope'\n")
        // On the command line it is still the user's flag.
        let spec = try write(Self.grantSpec, "grant.exo")
        let c = try exocheck(["simulate", spec, "--mutant", "nope", "--out", path("x.trace.gz")])
        XCTAssertEqual(c.code, 2)
        XCTAssertEqual(c.stderr, "exocheck: unknown mutant 'nope' (see `exocheck list mutants`)\n")
    }

    func testReplayRejectsAGarbageSnapshotState() throws {
        let t = try trace(snapshotInterval: 2) { if $0.eventCount == 2 { $0.state = Array("{}".utf8) } }
        let r = try exocheck(["replay", t])
        XCTAssertEqual(r.code, 2, r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("exocheck: \(t): event 2: malformed record (the state in the snapshot after 2 events"),
                      r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testShowRejectsTheRangesReplayRejects() throws {
        let spec = try write(Self.grantSpec, "grant.exo")
        let t = path("r.trace.gz")
        let sim = try exocheck(["simulate", spec, "--steps", "6", "--out", t])
        XCTAssertEqual(sim.code, 0, sim.stderr)
        let n = try TraceReader(path: t).loadFooter().eventCount
        XCTAssertGreaterThan(n, 2)
        let requests: [([String], String)] = [
            (["--from", "0"], "--from counts events from 1"),
            (["--from", "400"], "\(t): --from 400 is beyond the last event (\(n))"),
            (["--from", "2", "--to", "1"], "--to 1 is before --from 2"),
        ]
        for (args, text) in requests {
            let show = try exocheck(["show", t] + args)
            let replay = try exocheck(["replay", t] + args)
            XCTAssertEqual(show.code, 2, "show \(args)")
            XCTAssertEqual(replay.code, 2, "replay \(args)")
            XCTAssertTrue(show.stderr.contains(text), "show \(args): \(show.stderr)")
            XCTAssertTrue(replay.stderr.contains(text), "replay \(args): \(replay.stderr)")
            XCTAssertEqual(show.stdout, "", "show \(args) prints nothing")
        }
        XCTAssertEqual(try exocheck(["show", t, "--from", "\(n)", "--to", "\(n)"]).code, 0)
    }
}
