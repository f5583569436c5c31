import ExoCore
import ExoKernel
import ExoXen

/// Operations an environment of the exokernel issues (its library OS), the
/// kernel's own (revocations, packets, dispatch, domain destruction), and the
/// glue that keeps the exokernel and the hypervisor in agreement.
extension Layers {
    /// Read-only rights (`ro`, `rog`): Xen's readonly flag.
    static func readonly(_ v: Int32) -> Bool { v == 1 || v == 2 }

    /// `ro` 1, `rw` 0, `rog` 2, `rwg` 3 (the last two add the grant right).
    static func rights(_ v: Int32) -> Rights {
        switch v {
        case 1: return [.read]
        case 2: return [.read, .grant]
        case 3: return [.read, .write, .grant]
        default: return [.read, .write]
        }
    }

    mutating func performEnv(_ op: Op, _ env: Int, _ a: Operands, now: Tick, statics: LayerStatics) -> Int32 {
        guard let xd = exoDomain else { return ExoStatus.badEnv.rawValue }
        var k = takeExokernel()
        let r = performEnv(op, env, a, on: &k, domain: xd, now: now, statics: statics)
        // Moved back, not copied (a `defer` copied the whole exokernel, a
        // retain of every array in it, and destroyed the original).
        putExokernel(consume k)
        return r
    }

    /// `performEnv` on the exokernel `k`, taken out of the cell, of domain `xd`.
    private mutating func performEnv(_ op: Op, _ env: Int, _ a: Operands, on k: inout Exokernel, domain xd: DomID,
                                     now: Tick, statics: LayerStatics) -> Int32 {
        func num(_ i: Int) -> UInt32? { Layers.u32(a[i]) }
        func int(_ i: Int) -> Int { Int(a[i]) }
        let badFrame = ExoStatus.badFrame.rawValue

        switch op {
        case .exoAlloc:
            guard let f = k.freeFrames.first else { return ExoStatus.noSpace.rawValue }
            let s = k.allocFrame(env, frame: f, capSlot: 0)
            return s == .ok ? Int32(f) : s.rawValue
        case .exoAllocFrame:
            guard let f = num(0) else { return badFrame }
            let s = k.allocFrame(env, frame: f, capSlot: 0)
            return s == .ok ? Int32(f) : s.rawValue
        case .capAlloc:
            guard let f = k.freeFrames.first else { return ExoStatus.noSpace.rawValue }
            let s = k.allocFrame(env, frame: f, capSlot: int(0))
            return s == .ok ? Int32(f) : s.rawValue
        case .capBind:
            guard let f = num(1) else { return badFrame }
            return k.bind(env, vpage: int(2), frame: f, rights: Layers.rights(a[3]), capSlot: int(0)).rawValue
        case .capRevoke:
            return k.revokeDerived(env, slot: int(0)).rawValue
        case .exoFree:
            guard let f = num(0) else { return badFrame }
            return k.freeFrame(env, frame: f, now: now).rawValue
        case .guarantee:
            guard let f = num(0) else { return badFrame }
            return k.setGuaranteed(env, frame: f).rawValue
        case .bind:
            guard let f = num(0) else { return badFrame }
            return k.bind(env, vpage: int(1), frame: f, rights: Layers.rights(a[2]), capSlot: 0).rawValue
        case .unbind:
            return k.unbind(env, vpage: int(0)).rawValue
        case .access:
            return k.access(env, cpu: 0, vpage: int(0), write: !Layers.readonly(a[1])).rawValue
        case .relinquish:
            guard let f = num(0) else { return badFrame }
            return k.relinquish(env, frame: f, now: now).rawValue
        case .handleRepossession:
            return k.handleRepossession(env).rawValue
        case .capDerive:
            guard let into = k.freeCapabilitySlots(env).first else { return ExoStatus.noSpace.rawValue }
            let s = k.deriveCapability(env, from: int(0), into: into, suffix: [UInt8(truncatingIfNeeded: into)],
                                       rights: Layers.rights(a[1]))
            return s == .ok ? Int32(into) : s.rawValue
        case .downloadFilter:
            guard a[0] >= 0, Int(a[0]) < statics.filters.count else { return ExoStatus.badProgram.rawValue }
            return k.installFilter(env, program: statics.filters[Int(a[0])]).rawValue
        case .recvPacket:
            let (s, p) = k.receivePacket(env)
            return s == .ok ? Int32(p.first ?? 0) : s.rawValue
        case .allocSlice:
            return k.allocSlice(env, slice: int(0)).rawValue
        case .yieldCPU:
            return k.yieldCPU(env, cpu: 0, now: now).rawValue
        case .exoGrant:
            // The environment grants its frame through the exokernel
            // domain's grant table: the frame must be the environment's.
            guard let f = num(0), k.ownedFrames(env).contains(f) else { return ExoStatus.notOwner.rawValue }
            guard let to = domainID(a[1]) else { return GrantStatus.badDomain.rawValue }
            guard let ref = hv.firstFreeGrantRef(xd) else { return Layers.outOfRefs }
            let s = hv.grantAccess(xd, ref: ref, to: to, frame: f, readonly: Layers.readonly(a[2]))
            return s == .okay ? Int32(ref) : s.rawValue
        case .exoEndAccess:
            guard let ref = num(0), let entry = hv.grantEntry(xd, ref), entry.flags.isPermitAccess,
                  k.ownedFrames(env).contains(entry.frame) else { return ExoStatus.notOwner.rawValue }
            return hv.endAccess(xd, ref: ref).rawValue
        case .spawn:
            let (s, pid) = k.spawn(env, container: int(0))
            return s == .ok ? Int32(pid) : s.rawValue
        case .pagerMap:
            guard let f = num(2) else { return badFrame }
            return k.pagerMap(env, pid: int(0), page: int(1), frame: f, writable: !Layers.readonly(a[3]), capSlot: 0).rawValue
        case .pagerUnmap:
            return k.pagerUnmap(env, pid: int(0), page: int(1)).rawValue
        case .share:
            return k.share(env, from: int(0), page: int(1), to: int(2), toPage: int(3), writable: !Layers.readonly(a[4])).rawValue
        case .ipcSend:
            return k.ipcSend(env, from: int(0), to: int(1), payload: UInt8(truncatingIfNeeded: a[2]), transfer: false).rawValue
        case .ipcRecv:
            let (s, m) = k.ipcReceive(env, pid: int(0))
            return s == .ok ? Int32(m!.payload) : s.rawValue
        default:
            return ExoStatus.badOperand.rawValue
        }
    }

    mutating func performKernel(_ op: Op, _ a: Operands, now: Tick, statics: LayerStatics) -> Int32 {
        switch op {
        case .destroyDomain:
            guard let d = domainID(a[0]) else { return XenErrno.esrch.rawValue }
            return hv.destroyDomain(d).rawValue
        case .revoke:
            guard exoDomain != nil, let f = Layers.u32(a[1]) else { return ExoStatus.badEnv.rawValue }
            return exokernel.requestRevocation(Int(a[0]), frame: f, now: now).rawValue
        case .deliver:
            guard exoDomain != nil, a[0] >= 0, Int(a[0]) < statics.packets.count else { return ExoStatus.badOperand.rawValue }
            let (s, accepted) = exokernel.deliverPacket(statics.packets[Int(a[0])])
            return s == .ok ? Int32(accepted.count) : s.rawValue
        case .dispatch:
            guard exoDomain != nil else { return ExoStatus.notRunning.rawValue }
            return exokernel.dispatch(cpu: 0, now: now).rawValue
        default:
            return XenErrno.eperm.rawValue
        }
    }

    /// Keeps the exokernel and the hypervisor in agreement after every step:
    /// 1. a grant an environment made of a frame the kernel has taken back
    ///    (free or quarantined) is ended as soon as nobody maps it, so no
    ///    remote can map a frame the kernel may hand to someone else;
    /// 2. the kernel learns how many foreign mappings each of its frames
    ///    has, so a frame it takes back while mapped waits in quarantine.
    ///
    /// Reads before it writes: the exokernel is touched (and a cell other
    /// states share copied) only when a count is out of date, so a step
    /// that changes nothing leaves the state's buffers shared.
    @inline(__always) mutating func syncExokernel() {
        // Inlined, so that a system without an exokernel (every call of the
        // grant-revoke benchmarks) pays a comparison, not a call.
        guard let xd = exoDomain else { return }
        syncExokernel(xd)
    }

    private mutating func syncExokernel(_ xd: DomID) {
        if !worldMutants.contains(.abortKeepsGrant) {
            for ref in hv.grantRefsInUse(xd) {
                guard let entry = hv.grantEntry(xd, ref), entry.flags.isPermitAccess,
                      let i = exokernel.frameIndex(entry.frame) else { continue }
                if case .owned = exokernel.frames[i].state { continue }
                if entry.flags.contains(.reading) || entry.flags.contains(.writing) { continue }
                _ = hv.endAccess(xd, ref: ref)
            }
        }
        if !worldMutants.contains(.foreignMappingsHidden) {
            for i in exokernel.frames.indices {
                let m = exokernel.frames[i].machine
                let count = hv.mappingCount(of: m)
                if exokernel.frames[i].foreign != count { _ = exokernel.setForeignMapped(m, count: count) }
            }
        }
    }
}
