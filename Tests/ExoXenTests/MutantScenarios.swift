import XCTest
@testable import ExoXen
import ExoCore

/// One short, realistic operation sequence per mutant. Each runs against a
/// hypervisor (and unikernel or vchan) built with the given mutants and
/// returns every violation seen after any step. The lead can turn these
/// into specs.
struct MutantScenario {
    let mutant: String
    let invariant: String
    let run: (XenMutants) -> [Violation]
}

/// Collects violations after every step.
struct Trace {
    var seen: [Violation] = []
    mutating func check(_ hv: Hypervisor) { seen += hv.violations }
    mutating func check(_ hv: Hypervisor, _ uk: Unikernel) { seen += violations(hv, uk) }
    mutating func check(_ hv: Hypervisor, _ v: Vchan) { seen += violations(hv, v) }
}

let mutantScenarios: [MutantScenario] = [
    // d1 maps d0's grant; d0 ends access anyway.
    MutantScenario(mutant: "end-access-while-mapped", invariant: XenInvariants.grantAuthorized) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        _ = hv.endAccess(0, ref: 0); t.check(hv)
        return t.seen
    },
    // d2 maps a grant meant for d1.
    MutantScenario(mutant: "map-ignores-domid", invariant: XenInvariants.grantAuthorized) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(2, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        return t.seen
    },
    // d1 maps a read-only grant for writing.
    MutantScenario(mutant: "map-ignores-readonly", invariant: XenInvariants.grantReadonly) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv, readonly: true)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        return t.seen
    },
    // d1 maps writable; d0 downgrades the grant to read-only underneath it.
    MutantScenario(mutant: "readonly-downgrade-ignores-writing", invariant: XenInvariants.grantReadonly) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        _ = hv.setGrantReadonly(0, ref: 0, readonly: true); t.check(hv)
        return t.seen
    },
    // d0 gives back a frame d1 maps; d2 is handed it.
    MutantScenario(mutant: "free-while-mapped", invariant: XenInvariants.noReuseWhileMapped) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        _ = hv.decreaseReservation(0, frame: 0); t.check(hv)
        _ = hv.populate(2, frame: 0); t.check(hv)
        return t.seen
    },
    // host+device mapping; unmap the host part only.
    MutantScenario(mutant: "partial-unmap-drops-both-pins", invariant: XenInvariants.maptrackConsistency) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .deviceMap]).handle!; t.check(hv)
        _ = hv.unmapGrantRef(1, handle: h, parts: .hostMap); t.check(hv)
        return t.seen
    },
    // Same sequence; the handle goes back on the free list too early.
    MutantScenario(mutant: "partial-unmap-frees-handle", invariant: XenInvariants.maptrackConsistency) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        let h = hv.mapGrantRef(1, granter: 0, ref: 0, flags: [.hostMap, .deviceMap]).handle!; t.check(hv)
        _ = hv.unmapGrantRef(1, handle: h, parts: .hostMap); t.check(hv)
        return t.seen
    },
    // A device mapping outstanding, then a grant copy from the same entry.
    MutantScenario(mutant: "copy-ignores-device-pins", invariant: XenInvariants.maptrackConsistency) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .deviceMap); t.check(hv)
        _ = hv.copy(1, source: .grant(domain: 0, ref: 0), sourceOffset: 0,
                    dest: .frame(domain: 1, frame: 2), destOffset: 0, length: 64); t.check(hv)
        return t.seen
    },
    // d1 offers to accept a frame from d0; d0 transfers frame 1.
    MutantScenario(mutant: "transfer-leaves-sender-owner", invariant: XenInvariants.transferOnce) { m in
        var hv = makeHypervisor(m); var t = Trace()
        _ = hv.grantTransfer(1, ref: 0, from: 0)
        _ = hv.transfer(0, frame: 1, to: 1, ref: 0); t.check(hv)
        return t.seen
    },
    // d1 maps d0's frame 0; d0 transfers that same frame to d2.
    MutantScenario(mutant: "transfer-steals-mapped-frame", invariant: XenInvariants.noReuseWhileMapped) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        _ = hv.grantTransfer(2, ref: 0, from: 0)
        _ = hv.transfer(0, frame: 0, to: 2, ref: 0); t.check(hv)
        return t.seen
    },
    // d0 offers a port to d1; d2 binds to it.
    MutantScenario(mutant: "bind-ignores-reservation", invariant: XenInvariants.evtchnIsolation) { m in
        var hv = makeHypervisor(m); var t = Trace()
        let p = hv.allocUnbound(0, remote: 1).port!
        _ = hv.bindInterdomain(2, remote: 0, remotePort: p); t.check(hv)
        return t.seen
    },
    // d0 and d1 bound; d1 closes; d1 reuses the port number elsewhere.
    MutantScenario(mutant: "close-leaves-remote-bound", invariant: XenInvariants.evtchnIsolation) { m in
        var hv = makeHypervisor(m); var t = Trace()
        let p = hv.allocUnbound(0, remote: 1).port!
        let q = hv.bindInterdomain(1, remote: 0, remotePort: p).port!; t.check(hv)
        _ = hv.close(1, port: q); t.check(hv)
        _ = hv.allocUnbound(1, remote: 2); t.check(hv)
        return t.seen
    },
    // d1 maps d0's grant and is destroyed.
    MutantScenario(mutant: "teardown-skips-maptrack", invariant: XenInvariants.teardownComplete) { m in
        var hv = makeHypervisor(m); var t = Trace()
        grantFrame0(&hv)
        _ = hv.mapGrantRef(1, granter: 0, ref: 0, flags: .hostMap); t.check(hv)
        _ = hv.destroyDomain(1); t.check(hv)
        return t.seen
    },
    // d0 (owning frames 0 and 1, nothing mapped) is destroyed.
    MutantScenario(mutant: "teardown-leaks-frames", invariant: XenInvariants.frameConservation) { m in
        var hv = makeHypervisor(m); var t = Trace()
        _ = hv.destroyDomain(0); t.check(hv)
        return t.seen
    },
    // The unikernel shares a page, d1 maps it, the unikernel unshares it.
    MutantScenario(mutant: "guest-reuses-busy-page", invariant: XenInvariants.noReuseWhileMapped) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var uk = bootSample(&hv, m)
        let ref = uk.grants.share(&hv, to: 1, writable: true).ref!
        _ = hv.mapGrantRef(1, granter: 0, ref: ref, flags: .hostMap); t.check(hv, uk)
        _ = uk.grants.unshare(&hv, ref: ref); t.check(hv, uk)
        _ = uk.grants.allocPage(); t.check(hv, uk)
        return t.seen
    },
    // The unikernel maps d1's grant.
    MutantScenario(mutant: "import-map-on-heap", invariant: XenInvariants.noReuseWhileMapped) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var uk = bootSample(&hv, m)
        _ = hv.grantAccess(1, ref: 0, to: 0, frame: 2, readonly: true)
        _ = uk.grants.map(&hv, granter: 1, ref: 0, writable: false); t.check(hv, uk)
        return t.seen
    },
    // Boot and seal.
    MutantScenario(mutant: "seal-leaves-wx-page", invariant: XenInvariants.sealedImage) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var uk = bootSample(&hv, m)
        _ = uk.space.seal(); t.check(hv, uk)
        return t.seen
    },
    // Boot, seal, then make a data page executable.
    MutantScenario(mutant: "sealed-allows-exec-mapping", invariant: XenInvariants.sealedImage) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var uk = bootSample(&hv, m)
        _ = uk.space.seal(); t.check(hv, uk)
        _ = uk.space.protect(4, [.read, .exec]); t.check(hv, uk)
        return t.seen
    },
    // A one-byte ring written twice before any read.
    MutantScenario(mutant: "vchan-write-ignores-full", invariant: XenInvariants.vchanIntegrity) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var v = connectedVchan(&hv, ringSize: 1, m)
        _ = v.write(&hv, from: .server, byte: 1); t.check(hv, v)
        _ = v.write(&hv, from: .server, byte: 2); t.check(hv, v)
        return t.seen
    },
    // One byte written, read once.
    MutantScenario(mutant: "vchan-read-skips-consume", invariant: XenInvariants.vchanIntegrity) { m in
        var hv = makeHypervisor(m); var t = Trace()
        var v = connectedVchan(&hv, ringSize: 2, m)
        _ = v.write(&hv, from: .client, byte: 7); t.check(hv, v)
        _ = v.read(&hv, at: .server); t.check(hv, v)
        return t.seen
    },
]
