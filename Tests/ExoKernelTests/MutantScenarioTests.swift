import XCTest
import ExoCore
@testable import ExoKernel

/// For every mutant in the catalogue: a short deterministic scenario in which
/// the mutant's invariant fires with the mutant on, and no invariant fires
/// with it off.
final class MutantScenarioTests: XCTestCase {
    typealias Scenario = (inout Harness) -> Void

    /// Frame 100 owned by env 0 and bound read-write at page 0.
    static func boundFrame(_ h: inout Harness) -> Int {
        let a = h.envWithFrame(100)
        XCTAssertEqual(h.step { k, _ in k.bind(a, vpage: 0, frame: 100, rights: [.read, .write], capSlot: 0) }, .ok)
        return a
    }

    /// Env 0 ignores a revocation of frame 100; time runs past the deadline.
    static func ignoredRevocation(_ h: inout Harness) {
        let a = boundFrame(&h)
        XCTAssertEqual(h.step { k, now in k.access(a, cpu: 0, vpage: 0, write: true) }, .stlbHit)
        XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
        h.advance(to: 5)
        XCTAssertEqual(h.k.envs[a].owned, [])
    }

    static let scenarios: [String: Scenario] = [
        "stlb-kept-after-abort": ignoredRevocation,
        "tlb-kept-after-abort": ignoredRevocation,
        "abort-before-deadline": ignoredRevocation,
        "repossession-not-recorded": ignoredRevocation,
        "repossessed-frame-leaked": ignoredRevocation,
        "abort-after-compliance": { h in
            let a = boundFrame(&h)
            XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
            h.advance(to: 1)
            XCTAssertEqual(h.step { k, now in k.relinquish(a, frame: 100, now: now) }, .ok)
            h.advance(to: 5)
        },
        "verifier-allows-backward-jump": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            _ = h.step { k, _ in k.installFilter(a, program: [.loadImmediate(1), .goto(.at(0))]) }
            _ = h.step { k, _ in k.deliverPacket([1, 2, 3]) }
        },
        "verifier-skips-bounds-check": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            _ = h.step { k, _ in k.installFilter(a, program: [.load(width: 1, offset: 200), .store(offset: 9), .accept]) }
        },
        "derivation-widens-rights": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 0, into: 1, suffix: [1], rights: [.read, .grant]) }, .ok)
            XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 1, into: 2, suffix: [2], rights: [.read, .write]) }, .ok)
        },
        "derivation-ignores-prefix": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 0, into: 1, suffix: [1], rights: .read) }, .ok)
        },
        "revoked-capability-accepted": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            let (_, b) = h.step { k, _ in k.createEnv() }
            XCTAssertEqual(h.step { k, _ in k.deriveCapability(a, from: 0, into: 1, suffix: [1], rights: [.read, .write]) }, .ok)
            XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 100, capSlot: 1) }, .ok)
            XCTAssertEqual(h.step { k, _ in k.transferCapability(a, slot: 1, to: b, toSlot: 1) }, .ok)
            XCTAssertEqual(h.step { k, _ in k.revokeDerived(a, slot: 0) }, .ok)
            _ = h.step { k, _ in k.bind(b, vpage: 0, frame: 100, rights: .read, capSlot: 1) }
        },
        "bind-skips-acl-check": { h in
            h.envWithFrame(100)
            let (_, b) = h.step { k, _ in k.createEnv() }
            _ = h.step { k, _ in k.bind(b, vpage: 0, frame: 100, rights: .read, capSlot: 0) }
        },
        "alloc-steals-owned-frame": { h in
            h.envWithFrame(100)
            let (_, b) = h.step { k, _ in k.createEnv() }
            _ = h.step { k, _ in k.allocFrame(b, frame: 100, capSlot: 0) }
        },
        "pager-maps-unowned-frame": { h in
            h.envWithFrame(100)
            let (_, b) = h.step { k, _ in k.createEnv() }
            let (_, pid) = h.step { k, _ in k.spawn(b, container: 0) }
            _ = h.step { k, _ in k.pagerMap(b, pid: pid, page: 0, frame: 100, writable: false, capSlot: 0) }
        },
        "ipc-delivers-twice": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            let (_, p0) = h.step { k, _ in k.spawn(a, container: 0) }
            let (_, p1) = h.step { k, _ in k.spawn(a, container: 0) }
            XCTAssertEqual(h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 7, transfer: false) }, .ok)
            XCTAssertEqual(h.step { k, _ in k.ipcReceive(a, pid: p1) }.message?.payload, 7)
        },
        "container-check-skipped": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            let (_, p0) = h.step { k, _ in k.spawn(a, container: 0) }
            let (_, p1) = h.step { k, _ in k.spawn(a, container: 1) }
            _ = h.step { k, _ in k.ipcSend(a, from: p0, to: p1, payload: 7, transfer: false) }
        },
        "foreign-mapped-frame-freed": { h in
            let a = h.envWithFrame(100)
            XCTAssertEqual(h.step { k, _ in k.setForeignMapped(100, count: 1) }, .ok)
            XCTAssertEqual(h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }, .ok)
            h.advance(to: 5)
            XCTAssertEqual(h.step { k, _ in k.allocFrame(a, frame: 100, capSlot: 0) } == .ok, h.k.mutants.contains(.foreignMappedFrameFreed))
        },
        "guaranteed-frame-revoked": { h in
            let a = h.envWithFrame(100)
            XCTAssertEqual(h.step { k, _ in k.setGuaranteed(a, frame: 100) }, .ok)
            _ = h.step { k, now in k.requestRevocation(a, frame: 100, now: now) }
            h.advance(to: 5)
        },
        "demux-fault-accepts": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            XCTAssertEqual(h.step { k, _ in k.installFilter(a, program: [.load(width: 2, offset: 20), .jump(.eq, 0x0800, .accept), .reject]) }, .ok)
            _ = h.step { k, _ in k.deliverPacket(Array(repeating: 0, count: 10)) }
        },
        "grace-not-enforced": { h in
            let (_, a) = h.step { k, _ in k.createEnv() }
            XCTAssertEqual(h.step { k, _ in k.allocSlice(a, slice: 0) }, .ok)
            XCTAssertEqual(h.step { k, now in k.dispatch(cpu: 0, now: now) }, .ok)
            h.advance(to: 20)
        },
        "unbind-keeps-tlb-entry": { h in
            let a = boundFrame(&h)
            XCTAssertEqual(h.step { k, _ in k.access(a, cpu: 0, vpage: 0, write: false) }, .stlbHit)
            XCTAssertEqual(h.step { k, _ in k.unbind(a, vpage: 0) }, .ok)
        },
    ]

    func testEveryMutantHasAScenario() {
        for (_, info) in ExoMutants.catalogue {
            XCTAssertNotNil(MutantScenarioTests.scenarios[info.name], "no scenario for mutant \(info.name)")
            XCTAssertTrue(Exokernel.invariants.contains { $0.name == info.breaks }, "\(info.name) breaks unknown invariant \(info.breaks)")
        }
        XCTAssertEqual(MutantScenarioTests.scenarios.count, ExoMutants.catalogue.count)
    }

    func testEachMutantIsCaughtByItsInvariantAndTheCorrectKernelHolds() {
        for (mutant, info) in ExoMutants.catalogue {
            guard let scenario = MutantScenarioTests.scenarios[info.name] else { continue }
            var correct = Harness()
            scenario(&correct)
            XCTAssertEqual(correct.fired, [], "correct kernel violates invariants in the \(info.name) scenario")

            var buggy = Harness(mutants: mutant)
            scenario(&buggy)
            XCTAssertTrue(buggy.firedNames.contains(info.breaks),
                          "\(info.name): expected \(info.breaks) to fire, got \(buggy.firedNames)")
        }
    }

    func testMutantNamesRoundTrip() {
        for (mutant, info) in ExoMutants.catalogue {
            XCTAssertEqual(ExoMutants(name: info.name), mutant)
            XCTAssertEqual(mutant.names, [info.name])
        }
        XCTAssertNil(ExoMutants(name: "no-such-mutant"))
        let all = ExoMutants.catalogue.map { $0.0 }
        XCTAssertEqual(Set(all.map { $0.rawValue }).count, all.count, "mutant bits must be distinct")
    }
}
