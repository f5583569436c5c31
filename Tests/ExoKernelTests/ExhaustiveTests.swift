import XCTest
import ExoCore
@testable import ExoKernel

/// A breadth-first search over every interleaving of a small adversarial
/// action set, deduplicated by XXH3 fingerprints of the canonical encoding
/// (deadlines relative to now) — a miniature of what the explorer does. It
/// shows the state space is finite, the correct kernel keeps every
/// invariant in every reachable state, and several mutants are found.
final class ExhaustiveTests: XCTestCase {
    typealias Action = (name: String, run: (inout Exokernel) -> Void)

    /// Which part of the kernel an exploration exercises (kept apart so each
    /// state space stays a few thousand states).
    enum Profile { case revocation, capabilities }

    static func actions(_ k: Exokernel, _ profile: Profile) -> [Action] {
        let now = k.clock
        if let d = k.nextDeadline, d <= now { return [("fire", { $0.fireDue(now: now) })] }
        var out: [Action] = []
        if let d = k.nextDeadline { out.append(("advance", { $0.fireDue(now: d) })) }
        let maxEnvs = profile == .revocation ? 1 : 2
        if k.liveEnvs.count < maxEnvs { out.append(("create", { _ = $0.createEnv() })) }
        for e in k.liveEnvs {
            let other = 1 - e
            // The capability profile's environments are adversarial: they try to allocate any frame.
            for f in profile == .revocation ? k.freeFrames : k.frames.map(\.machine) {
                out.append(("alloc", { _ = $0.allocFrame(e, frame: f, capSlot: 0) }))
            }
            for f in k.frames.map(\.machine) {
                for slot in profile == .revocation ? [0] : [0, 1] {
                    out.append(("bind", { _ = $0.bind(e, vpage: 0, frame: f, rights: .read, capSlot: slot) }))
                }
            }
            if !k.bindings(e).isEmpty {
                out.append(("unbind", { _ = $0.unbind(e, vpage: 0) }))
                if profile == .revocation { out.append(("access", { _ = $0.access(e, cpu: 0, vpage: 0, write: false) })) }
            }
            switch profile {
            case .revocation:
                for f in k.ownedFrames(e) {
                    out.append(("free", { _ = $0.freeFrame(e, frame: f, now: now) }))
                    out.append(("revoke", { _ = $0.requestRevocation(e, frame: f, now: now) }))
                    out.append(("foreign", { _ = $0.setForeignMapped(f, count: 1) }))
                }
                for f in k.pendingRevocations(e) { out.append(("relinquish", { _ = $0.relinquish(e, frame: f, now: now) })) }
                if !k.repossessionVector(e).isEmpty { out.append(("handle", { _ = $0.handleRepossession(e) })) }
            case .capabilities:
                if k.capability(e, slot: 1) == nil {
                    out.append(("derive", { _ = $0.deriveCapability(e, from: 0, into: 1, suffix: [], rights: .read) }))
                } else {
                    out.append(("give", { _ = $0.transferCapability(e, slot: 1, to: other, toSlot: 1) }))
                    out.append(("drop", { _ = $0.dropCapability(e, slot: 1) }))
                }
                out.append(("revokeDerived", { _ = $0.revokeDerived(e, slot: 0) }))
            }
        }
        for f in k.quarantinedFrames { out.append(("unforeign", { _ = $0.setForeignMapped(f, count: 0) })) }
        return out
    }

    /// Explores from a fresh kernel; returns the distinct-state count and the
    /// violations of the first violating state found.
    static func explore(_ profile: Profile, mutants: ExoMutants = [], limit: Int = 20_000) -> (states: Int, violations: [Violation]) {
        var config = ExoConfig()
        config.maxEnvs = 2; config.capSlots = 2; config.maxCapabilities = 3
        config.maxBindings = 1; config.stlbEntries = 1; config.tlbEntries = 1; config.maxProcesses = 1
        config.pagesPerProcess = 1; config.slices = 0; config.maxRevocations = 1; config.guaranteedFrames = 0
        let start = Exokernel(frames: profile == .revocation ? [7, 9] : [7], config: config, mutants: mutants)
        var seen = Set<UInt64>()
        var queue = [start]
        var head = 0
        var encoder = CanonicalEncoder(capacity: 1024)
        func fingerprint(_ k: Exokernel) -> UInt64 { encoder.reset(); k.encode(into: &encoder); return encoder.fingerprint64() }
        seen.insert(fingerprint(start))
        while head < queue.count {
            let k = queue[head]
            head += 1
            var v: [Violation] = []
            k.checkInvariants(now: k.clock, into: &v)
            if !v.isEmpty { return (seen.count, v) }
            for a in ExhaustiveTests.actions(k, profile) {
                var next = k
                a.run(&next)
                if seen.insert(fingerprint(next)).inserted {
                    queue.append(next)
                    if seen.count >= limit { return (seen.count, []) }
                }
            }
        }
        return (seen.count, [])
    }

    func testCorrectKernelHoldsInEveryReachableState() {
        for profile in [Profile.revocation, .capabilities] {
            let (states, violations) = ExhaustiveTests.explore(profile)
            XCTAssertEqual(violations, [], "\(profile)")
            XCTAssertLessThan(states, 20_000, "the state space must be finite (time is relative)")
            XCTAssertGreaterThan(states, 30)
        }
    }

    func testExplorationCatchesMutants() {
        let cases: [(String, Profile)] = [
            ("stlb-kept-after-abort", .revocation), ("tlb-kept-after-abort", .revocation),
            ("abort-before-deadline", .revocation), ("abort-after-compliance", .revocation),
            ("repossession-not-recorded", .revocation), ("repossessed-frame-leaked", .revocation),
            ("foreign-mapped-frame-freed", .revocation), ("unbind-keeps-tlb-entry", .revocation),
            ("alloc-steals-owned-frame", .capabilities), ("revoked-capability-accepted", .capabilities),
            ("bind-skips-acl-check", .capabilities),
        ]
        for (name, profile) in cases {
            let mutant = ExoMutants(name: name)!
            let breaks = ExoMutants.catalogue.first { $0.0 == mutant }!.1.breaks
            let (_, violations) = ExhaustiveTests.explore(profile, mutants: mutant)
            // The first violating state in breadth-first order (a shortest counterexample).
            XCTAssertTrue(violations.contains { $0.invariant == breaks }, "\(name): \(violations)")
        }
    }
}
