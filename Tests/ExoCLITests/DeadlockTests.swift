import Foundation
import XCTest
import ExoCore
import ExoCheck
import ExoSpec
import ExoStack
@testable import ExoCLI

/// The no-deadlock invariant: a state where nothing can happen must be a
/// valid end (every actor finished, a daemon, or a fault).
final class DeadlockTests: XCTestCase {
    /// d0 reserves a port for d1 and waits for an event on it; d1 binds
    /// and, unless `sends` is false, sends once.
    func wakeup(sends: Bool = true, server: String = "actor", check: String = "all") -> String {
        """
        spec wakeup
          "A waiter and a sender."
        expect holds
        machine frames 1
        hypervisor ports 2
        domain d0, d1 : guest
        \(server) server on d0:
          let p = evtchn_alloc_unbound d1
          wait pending p
          evtchn_close p
        actor client on d1:
          let q = evtchn_bind d0 0
          \(sends ? "evtchn_send q" : "evtchn_close q")
        check \(check)

        """
    }

    func model(_ text: String, mutants: [String] = []) throws -> SystemModel {
        try ModelLoader.model(try ModelLoader.system(text: text, file: "wakeup.exo"), file: "wakeup.exo", mutants: mutants)
    }

    func explore(_ text: String, mutants: [String] = [], jobs: Int = 1) throws -> ExploreResult {
        let m = try model(text, mutants: mutants)
        var o = ExploreOptions(spec: m.system)
        o.jobs = jobs
        return Explorer(model: m, options: o).run()
    }

    func testEveryActorFinishedIsAValidEnd() throws {
        let r = try explore(wakeup())
        XCTAssertEqual(r.verdict, .holds)
        XCTAssertEqual(r.distinct, 6)
    }

    func testAWaiterNobodyWakesIsADeadlock() throws {
        for jobs in [1, 2] {
            let r = try explore(wakeup(sends: false), jobs: jobs)
            XCTAssertEqual(r.verdict, .violation)
            let v = try XCTUnwrap(r.violations.first)
            XCTAssertEqual(v.first.invariant, "no-deadlock")
            XCTAssertTrue(v.first.message.contains("server (at wait pending) has not finished"), v.first.message)
            // Shortest: alloc, bind, close; the waiter is stuck from then on.
            XCTAssertEqual(v.depth, 3, "jobs \(jobs)")
        }
    }

    func testADaemonMayWaitForEver() throws {
        XCTAssertEqual(try explore(wakeup(sends: false, server: "daemon")).verdict, .holds)
    }

    func testDeadlockIsCheckedOnlyWhenChosen() throws {
        XCTAssertEqual(try explore(wakeup(sends: false, check: "evtchn-isolation")).verdict, .holds)
        let r = try explore(wakeup(sends: false, check: "evtchn-isolation, no-deadlock"))
        XCTAssertEqual(r.violations.first?.first.invariant, "no-deadlock")
    }

    func testTheLostEventMutantIsCaught() throws {
        XCTAssertEqual(try explore(wakeup()).verdict, .holds)
        let r = try explore(wakeup(), mutants: ["send-drops-event"])
        XCTAssertEqual(r.violations.first?.first.invariant, "no-deadlock")
        XCTAssertEqual(r.violations.first?.depth, 3)
    }

    /// A fault may never fire: one whose `any` set is empty for good is
    /// not stuck. The second fault finds no live domain but d0 once the
    /// first has destroyed d1; with everyone else done, that state is a
    /// valid end.
    func testFaultsNeedNotFire() throws {
        let faults = "fault destroy_domain any domain other-than d0\n"
        let text = wakeup(server: "daemon").replacingOccurrences(of: "check all", with: faults + faults + "check all")
        XCTAssertEqual(try explore(text).verdict, .holds)
    }

    /// Partial-order reduction keeps deadlocks (an ample set is empty only
    /// where nothing is enabled): the library OS beside an event-channel
    /// pair of the reduction tests, where d2 finds d1's port closed before
    /// it binds and waits for ever unless it is a daemon.
    func testPartialOrderReductionKeepsTheDeadlock() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let daemon = try String(contentsOf: root.appendingPathComponent("Golden/por.exo"), encoding: .utf8)
        let actor = daemon.replacingOccurrences(of: "daemon a2 on d2:", with: "actor a2 on d2:")
        XCTAssertNotEqual(actor, daemon)
        for por in [true, false] {
            for (text, verdict) in [(daemon, Verdict.holds), (actor, Verdict.violation)] {
                let m = try model(text)
                var o = ExploreOptions(spec: m.system)
                o.jobs = 1
                o.partialOrderReduction = por
                let r = Explorer(model: m, options: o).run()
                XCTAssertEqual(r.verdict, verdict, "por \(por)")
                if verdict == .violation {
                    XCTAssertEqual(r.violations.first?.first.invariant, "no-deadlock")
                    XCTAssertTrue(r.violations.first?.first.message.contains("a2 (at evtchn_bind)") ?? false)
                }
                if por { XCTAssertGreaterThan(r.reductions.skippedTransitions, 0) }
            }
        }
    }

    /// The server's other alternative is a `wait` that does not hold yet:
    /// the client's send enables it while the server is postponed, so the
    /// server's enabled steps alone are no ample set (C1). Partial-order
    /// reduction used to choose them and missed what lies behind the wait,
    /// a deadlock here (`check all`) and, with close-leaves-remote-bound,
    /// an evtchn-isolation violation.
    func testReductionDoesNotPostponeAnAlternativeAnotherActorCanEnable() throws {
        func server(_ wait: String) -> String {
            """
            spec por-miss
              "The server waits for the client's event or grants a frame."
            expect holds
            machine frames 2
            hypervisor grant-entries 1 ports 2
            domain d0, d1 : guest
            actor server on d0:
              let p = evtchn_alloc_unbound d1
              let f = alloc
              either:
                wait pending p
                \(wait)
              or: grant_access d1 f ro
            actor client on d1:
              let q = evtchn_bind d0 0
              evtchn_send q
            check \(wait.hasPrefix("wait") ? "all" : "evtchn-isolation")

            """
        }
        // The second review's example: which ports d2 has is what `any port
        // of d2` enumerates, and d2's actor reserves one while d0 is
        // postponed (a set's reads belong to its step's footprint).
        let portOf = """
            spec c1-port
              "d0 binds to a port of d2's numbering or reserves one; d2 reserves its own."
            expect holds
            machine frames 1
            hypervisor ports 2
            domain d0, d1, d2 : guest
            actor a on d0:
              either:
                ignore evtchn_bind d1 any port of d2
                wait pending 1
              or: evtchn_alloc_unbound d0
            actor b on d2:
              let p = evtchn_alloc_unbound d2
            check all

            """
        let cases: [(text: String, mutants: [String], invariant: String)] = [
            (server("wait mapped 0"), [], "no-deadlock"),
            (server("evtchn_close p"), ["close-leaves-remote-bound"], "evtchn-isolation"),
            (portOf, [], "no-deadlock"),
        ]
        for c in cases {
            for por in [true, false] {
                for strategy in [ExploreOptions.Strategy.bfs, .dfs] {
                    for jobs in [1, 2] {
                        let m = try model(c.text, mutants: c.mutants)
                        var o = ExploreOptions(spec: m.system)
                        o.jobs = jobs
                        o.strategy = strategy
                        o.partialOrderReduction = por
                        let r = Explorer(model: m, options: o).run()
                        XCTAssertEqual(r.violations.first?.first.invariant, c.invariant, "por \(por) \(strategy) jobs \(jobs)")
                    }
                }
            }
        }
    }

    /// An actor whose domain was destroyed is gone: stuck at a wait, it is
    /// a valid end, not a deadlock.
    /// (The client, once d0 is gone before it binds, retries its bind for
    /// ever: a livelock of its own unless it is a daemon, and the only
    /// actor the violation names.)
    func testAnActorOnADestroyedDomainIsNotStuck() throws {
        let text = wakeup().replacingOccurrences(of: "check all", with: "fault destroy_domain d0\ncheck all")
            .replacingOccurrences(of: "  evtchn_send q", with: "  ignore evtchn_send q")
        let r = try explore(text)
        let message = try XCTUnwrap(r.violations.first?.first.message)
        XCTAssertTrue(message.contains("yet client (at evtchn_bind) has not finished"), message)
        let daemon = text.replacingOccurrences(of: "actor client on d1:", with: "daemon client on d1:")
        XCTAssertEqual(try explore(daemon).verdict, .holds)
    }

    /// The shortcut (`CallPlan.movesAlways`: a call without `any` operands
    /// always has a choice) against the listing itself, and the verdict
    /// against its definition, on walks through every shipped spec.
    func testTheShortcutAgreesWithTheListing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try SpecSuite.specFiles(in: root.appendingPathComponent("specs").path)
            + SpecSuite.specFiles(in: root.appendingPathComponent("specs/bench").path)
        var checked = 0, shortcut = 0, stuckSeen = 0
        for path in files {
            let m = try ModelLoader.load(path: path).2
            var prng = PRNG(seed: 11)
            for _ in 0..<3 {
                var w = m.initialState()
                for _ in 0..<40 {
                    let actions = m.actions(of: w)
                    var blocked: [Int] = []
                    var movers = Set<Int>()
                    for a in actions where a.kind == .step { movers.insert(Int(a.actor)) }
                    // A deadline due now leaves only `fire` (see `actions`);
                    // the check asks the shortcut only when none is pending.
                    let due = actions.contains { $0.kind == .fire }
                    for i in m.system.actors.indices {
                        if !due && m.movesAlways(actor: i, in: w) {
                            shortcut += 1
                            XCTAssertTrue(movers.contains(i), "\(path): actor \(i) said always to move, but has no choice")
                        }
                        let a = m.system.actors[i]
                        if actions.isEmpty, !a.isDaemon, a.principal != .kernel, !m.hasFinished(actor: i, in: w),
                           !m.restsAtAnEnd(actor: i, in: w) {
                            blocked.append(i)
                        }
                    }
                    XCTAssertEqual(m.stuckActors(in: w) ?? [], blocked, path)
                    if !blocked.isEmpty && m.system.expect == .holds { stuckSeen += 1 }
                    checked += 1
                    if actions.isEmpty { break }
                    _ = m.apply(actions[prng.index(actions.count)], to: &w)
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
        XCTAssertGreaterThan(shortcut, 500, "the shortcut decides most states")
        XCTAssertEqual(stuckSeen, 0, "no shipped spec that expects to hold deadlocks")
    }

    /// `end` before a step: an actor stuck where that step is next is at a
    /// valid end (SPIN's end labels), and only there.
    func testAStepMarkedEndIsAValidEndAndOnlyIt() throws {
        let atWait = wakeup(sends: false).replacingOccurrences(of: "  wait pending p", with: "  end wait pending p")
        XCTAssertNotEqual(atWait, wakeup(sends: false))
        XCTAssertEqual(try explore(atWait).verdict, .holds)
        // Marked elsewhere: the server stuck at its wait is still reported.
        let elsewhere = wakeup(sends: false).replacingOccurrences(of: "  evtchn_close p", with: "  end evtchn_close p")
        let r = try explore(elsewhere)
        XCTAssertEqual(r.violations.first?.first.invariant, "no-deadlock")
        XCTAssertTrue(r.violations.first?.first.message.contains("server (at wait pending)") ?? false)
        // In an `either` arm, formatted and read back the same.
        let arm = """
            spec arm
              "A server that may rest waiting for an event, and a client that never sends."
            expect holds
            machine frames 1
            hypervisor ports 2
            domain d0, d1 : guest
            actor server on d0:
              let p = evtchn_alloc_unbound d1
              loop:
                either: end wait pending p
                or: evtchn_send p
            actor client on d1:
              let q = evtchn_bind d0 0
            check all

            """
        let formatted = try SpecFormatter.format(text: arm, file: "arm.exo")
        XCTAssertTrue(formatted.contains("\n    either: end wait pending p\n"), formatted)
        XCTAssertEqual(try SpecFormatter.format(text: formatted, file: "arm.exo"), formatted)
        let system = try ModelLoader.system(text: formatted, file: "arm.exo")
        let m = try ModelLoader.model(system, file: "arm.exo")
        XCTAssertEqual(Explorer(model: m, options: ExploreOptions(spec: system)).run().verdict, .holds)
        // `end` marks a step, not a block.
        let block = wakeup().replacingOccurrences(of: "  wait pending p", with: "  end loop:\n    wait pending p")
        let (none, diagnostics) = SpecCompiler.check(text: block, file: "w.exo")
        XCTAssertNil(none)
        XCTAssertEqual(diagnostics.first?.message, "'end' marks a call or a wait, not 'loop'")
        XCTAssertEqual(diagnostics.first?.range.start.line, 9)
        XCTAssertEqual(diagnostics.first?.range.start.column, 7)
        // The block is still read, so its 'or' arm raises no error of its own.
        let either = wakeup().replacingOccurrences(of: "  wait pending p", with: "  end either: wait pending p\n  or: evtchn_close p")
        XCTAssertEqual(SpecCompiler.check(text: either, file: "w.exo").1.map(\.message),
                       ["'end' marks a call or a wait, not 'either'"])
    }

    func testDaemonParsesFormatsAndRoundTrips() throws {
        let text = wakeup(server: "daemon")
        let system = try ModelLoader.system(text: text, file: "w.exo")
        XCTAssertEqual(system.actors.map(\.isDaemon), [true, false])
        let formatted = try SpecFormatter.format(text: text, file: "w.exo")
        XCTAssertTrue(formatted.contains("\ndaemon server on d0:\n"), formatted)
        XCTAssertEqual(try SpecFormatter.format(text: formatted, file: "w.exo"), formatted)
        XCTAssertEqual(try ModelLoader.system(text: formatted, file: "w.exo").actors.map(\.isDaemon), [true, false])
        let each = text.replacingOccurrences(of: "daemon server on d0:", with: "daemon each d in d0:")
        XCTAssertEqual(try ModelLoader.system(text: each, file: "w.exo").actors.map(\.isDaemon), [true, false])
    }

    func testRepeatZeroIsAnErrorAtItsLine() throws {
        let text = wakeup().replacingOccurrences(of: "  evtchn_send q", with: "  repeat 0:\n    evtchn_send q")
        let (system, diagnostics) = SpecCompiler.check(text: text, file: "w.exo")
        XCTAssertNil(system)
        XCTAssertEqual(diagnostics.first?.message, "'repeat 0' never runs its block")
        XCTAssertEqual(diagnostics.first?.range.start.line, 13)
    }

    func testAMisspelledDaemonHeaderSaysDaemon() throws {
        let text = wakeup(server: "daemon").replacingOccurrences(of: "daemon server on d0:", with: "daemon server d0:")
        let (system, diagnostics) = SpecCompiler.check(text: text, file: "w.exo")
        XCTAssertNil(system)
        XCTAssertEqual(diagnostics.first?.message, "expected 'on' after the actor's name, found 'd0'")
        XCTAssertEqual(diagnostics.first?.hints, ["write 'daemon server on TARGET:', where TARGET is a domain or an env"])
    }
}
