import XCTest
@testable import ExoXen
import ExoCore

/// Seeded random walks over every hypervisor operation with operands drawn
/// partly out of range: no operation may trap, and the correct code must
/// keep every invariant in every state reached.
final class RandomWalkTests: XCTestCase {
    /// Applies one random operation; returns its name for failure messages.
    /// Operands are drawn half the time from the enumeration helpers (what
    /// a spec's `any X` would offer) and otherwise blindly, out of range
    /// included.
    static func randomStep(_ hv: inout Hypervisor, _ rng: inout PRNG) -> String {
        func pick<T>(_ xs: [T], _ fallback: () -> T) -> T {
            (xs.isEmpty || rng.chance(1, in: 3)) ? fallback() : xs[rng.index(xs.count)]
        }
        func blindDom() -> DomID { DomID(rng.below(4)) }          // 3 slots + one bad id
        func dom() -> DomID { pick(hv.liveDomains, blindDom) }
        func blindFrame() -> FrameNumber { FrameNumber(rng.below(9)) }
        func blindRef() -> GrantRef { GrantRef(rng.below(9)) }
        func small() -> UInt32 { UInt32(rng.below(6)) }
        func flags() -> MapFlags {
            pick([.hostMap, .deviceMap, [.hostMap, .deviceMap], [.hostMap, .readonly], [.deviceMap, .readonly],
                  [.hostMap, .deviceMap, .readonly]]) { MapFlags(rawValue: UInt32(rng.below(8))) }
        }
        func target(_ d: DomID) -> CopyTarget {
            if rng.chance(1, in: 2) {
                let g = pick(hv.grantsOffered(to: d)) { (blindDom(), blindRef()) }
                return .grant(domain: g.0, ref: g.1)
            }
            return .frame(domain: d, frame: pick(hv.frames(ownedBy: d), blindFrame))
        }
        let d = dom()
        switch rng.below(24) {
        case 0: _ = hv.createDomain(blindDom(), maxPages: UInt32(rng.below(5))); return "create"
        case 1: _ = hv.unpause(blindDom()); return "unpause"
        case 2, 3: _ = hv.populate(d, frame: pick(hv.freeFrames, blindFrame)); return "populate"
        case 4: _ = hv.decreaseReservation(d, frame: pick(hv.frames(ownedBy: d), blindFrame)); return "decrease"
        case 5: if rng.chance(1, in: 3) { _ = hv.destroyDomain(d) } else { _ = hv.setupTable(d, nrFrames: UInt32(rng.below(4))) }
            return "destroy/setup"
        case 6, 7: _ = hv.grantAccess(d, ref: pick(hv.freeGrantRefs(d), blindRef), to: dom(),
                                      frame: pick(hv.frames(ownedBy: d), blindFrame), readonly: rng.chance(1, in: 2)); return "grant"
        case 8: _ = hv.grantTransfer(d, ref: pick(hv.freeGrantRefs(d), blindRef), from: dom()); return "grantTransfer"
        case 9: _ = hv.endAccess(d, ref: pick(hv.grantRefsInUse(d), blindRef)); return "endAccess"
        case 10: _ = hv.setGrantReadonly(d, ref: pick(hv.grantRefsInUse(d), blindRef), readonly: rng.chance(1, in: 2)); return "setReadonly"
        case 11: _ = hv.endTransfer(d, ref: pick(hv.grantRefsInUse(d), blindRef)); return "endTransfer"
        case 12, 13:
            let g = pick(hv.grantsOffered(to: d)) { (blindDom(), blindRef()) }
            _ = hv.mapGrantRef(d, granter: g.0, ref: g.1, flags: flags(),
                               hostAddr: pick(hv.freeHostAddresses(d)) { VirtualPage(rng.below(18)) }); return "map"
        case 14, 15:
            _ = hv.unmapGrantRef(d, handle: pick(hv.liveHandles(d), small), parts: flags(),
                                 hostAddr: rng.chance(1, in: 4) ? VirtualPage(rng.below(18)) : nil,
                                 devAddr: rng.chance(1, in: 4) ? blindFrame() : nil); return "unmap"
        case 16:
            let h = pick(hv.liveHandles(d), small)
            _ = hv.unmapAndReplace(d, handle: h, hostAddr: hv.mapping(d, handle: h)?.hostAddr ?? 0,
                                   newAddr: pick(hv.freeHostAddresses(d)) { VirtualPage(rng.below(18)) }); return "unmapAndReplace"
        case 17:
            let span: UInt64 = rng.chance(1, in: 4) ? 5000 : 2048   // sometimes crossing the page
            _ = hv.copy(d, source: target(d), sourceOffset: UInt32(rng.below(span)), dest: target(d),
                        destOffset: UInt32(rng.below(span)), length: UInt32(rng.below(span))); return "copy"
        case 18:
            let r = pick(hv.transferOffers(from: d)) { (blindDom(), blindRef()) }
            _ = hv.transfer(d, frame: pick(hv.frames(ownedBy: d), blindFrame), to: r.0, ref: r.1); return "transfer"
        case 19: _ = hv.allocUnbound(d, remote: dom()); return "allocUnbound"
        case 20:
            let p = pick(hv.portsReserved(for: d)) { (blindDom(), small()) }
            _ = hv.bindInterdomain(d, remote: p.0, remotePort: p.1); return "bind"
        case 21: _ = hv.send(d, port: pick(hv.boundPorts(d), small)); return "send"
        case 22: _ = hv.close(d, port: pick(hv.boundPorts(d) + hv.unboundPorts(d), small)); return "close"
        default: _ = hv.setMasked(d, port: small(), masked: rng.chance(1, in: 2)); _ = hv.clearPending(d, port: small()); return "mask"
        }
    }

    static func seededStart(_ mutants: XenMutants = []) -> Hypervisor {
        var hv = Hypervisor(config: XenConfig(frames: 8, maxDomains: 3, grantEntriesPerFrame: 4, maxGrantFrames: 2,
                                              maptrackSlots: 3, portsPerDomain: 3, virtualPages: 16), mutants: mutants)
        for d in 0..<DomID(3) { _ = hv.createDomain(d, maxPages: 4); _ = hv.unpause(d) }
        return hv
    }

    func testCorrectCodeHoldsOnRandomWalks() {
        for seed in 0..<UInt64(30) {
            var rng = PRNG(seed: seed)
            var hv = RandomWalkTests.seededStart()
            for step in 0..<200 {
                let op = RandomWalkTests.randomStep(&hv, &rng)
                let v = hv.violations
                if !v.isEmpty {
                    XCTFail("seed \(seed) step \(step) \(op): \(v)")
                    return
                }
            }
        }
    }

    /// Same seed, same bytes; Codable round-trips; equal states encode equally.
    func testWalksAreDeterministicAndRoundTrip() throws {
        var a = RandomWalkTests.seededStart(), b = RandomWalkTests.seededStart()
        var ra = PRNG(seed: 99), rb = PRNG(seed: 99)
        for _ in 0..<400 {
            _ = RandomWalkTests.randomStep(&a, &ra)
            _ = RandomWalkTests.randomStep(&b, &rb)
        }
        XCTAssertEqual(a.canonicalBytes, b.canonicalBytes)
        let data = try JSONEncoder().encode(a)
        let back = try JSONDecoder().decode(Hypervisor.self, from: data)
        XCTAssertEqual(back, a)
        XCTAssertEqual(back.canonicalBytes, a.canonicalBytes)
        // Mutant flags are configuration, not state.
        let plain = Hypervisor(config: XenConfig()), flagged = Hypervisor(config: XenConfig(), mutants: .mapIgnoresDomid)
        XCTAssertEqual(plain.canonicalBytes, flagged.canonicalBytes)
    }

    /// Random walks with a hypervisor mutant on soon break some invariant:
    /// the mutants are reachable by an adversarial guest, not only by the
    /// hand-written scenarios.
    func testRandomWalksFindHypervisorMutants() {
        let blind = XenMutants.catalogue.map(\.0).filter { $0.rawValue < 1 << 16 }   // every hypervisor mutant
        for m in blind {
            var found = false
            seeds: for seed in 0..<UInt64(40) {
                var rng = PRNG(seed: seed)
                var hv = Hypervisor(config: XenConfig(frames: 8, maxDomains: 3, maptrackSlots: 3, portsPerDomain: 3), mutants: m)
                for d in 0..<DomID(3) { _ = hv.createDomain(d, maxPages: 4); _ = hv.unpause(d) }
                for _ in 0..<200 {
                    _ = RandomWalkTests.randomStep(&hv, &rng)
                    if !hv.violations.isEmpty { found = true; break seeds }
                }
            }
            XCTAssertTrue(found, "no random walk caught \(m.names)")
        }
    }
}
