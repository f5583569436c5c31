import ExoCore
import ExoXen

/// Operations a domain issues: hypercalls for plain guests and the exokernel
/// domain; a unikernel's memory and grant calls go through its Mirage-style
/// grant library, as a Mirage application's would.
extension Layers {
    static let outOfRefs = GuestStatus.outOfRefs.code
    static let invalid = GuestStatus.invalid.code

    func mapFlags(kind: Int32, readonly: Bool) -> MapFlags {
        var f: MapFlags = []
        if kind & 1 != 0 { f.insert(.hostMap) }
        if kind & 2 != 0 { f.insert(.deviceMap) }
        if readonly { f.insert(.readonly) }
        return f
    }

    /// The vchan between `d` and `peer`, and `d`'s side of it.
    func vchan(_ d: DomID, _ peer: DomID) -> (Int, VchanSide)? {
        for (i, v) in vchans.enumerated() {
            if v.server == d && v.client == peer { return (i, .server) }
            if v.client == d && v.server == peer { return (i, .client) }
        }
        return nil
    }

    mutating func performDomain(_ op: Op, _ d: DomID, _ a: Operands) -> Int32 {
        let uk = Int(d) < unikernels.count && unikernels[Int(d)] != nil ? Int(d) : nil
        @inline(__always) func dom(_ i: Int) -> DomID? { domainID(a[i]) }
        @inline(__always) func num(_ i: Int) -> UInt32? { Layers.u32(a[i]) }
        let bad = GrantStatus.badDomain.rawValue
        let badArg = GrantStatus.generalError.rawValue

        switch op {
        case .alloc:
            if let u = uk {
                let (s, f) = unikernels[u]!.grants.allocPage()
                return s == .okay ? Int32(f!) : s.code
            }
            let (s, f) = hv.populateAny(d)
            return s == .okay ? Int32(f!) : s.rawValue
        case .free:
            guard let f = num(0) else { return badArg }
            if let u = uk { return unikernels[u]!.grants.freePage(f).code }
            return hv.decreaseReservation(d, frame: f).rawValue
        case .grantAccess:
            guard let to = dom(0) else { return bad }
            guard let f = num(1) else { return badArg }
            let readonly = Layers.readonly(a[2])
            if let u = uk {
                let (s, ref) = withUnikernel(u) { k, hv in k.grants.grantAccess(&hv, to: to, frame: f, writable: !readonly) }
                return s == .okay ? Int32(ref!) : s.code
            }
            guard let ref = hv.firstFreeGrantRef(d) else { return Layers.outOfRefs }
            let s = hv.grantAccess(d, ref: ref, to: to, frame: f, readonly: readonly)
            return s == .okay ? Int32(ref) : s.rawValue
        case .endAccess:
            guard let ref = num(0) else { return GrantStatus.badGntref.rawValue }
            if let u = uk { return withUnikernel(u) { k, hv in k.grants.tryEndAccess(&hv, ref: ref).code } }
            if worldMutants.contains(.endAccessMissesReadonly), let e = hv.grantEntry(d, ref),
               e.flags.isPermitAccess && e.flags.contains(.readonly) {
                // The swap expected permit_access alone and found the read-only bit too.
                return GrantStatus.eagain.rawValue
            }
            return hv.endAccess(d, ref: ref).rawValue
        case .setReadonly:
            guard let ref = num(0) else { return GrantStatus.badGntref.rawValue }
            return hv.setGrantReadonly(d, ref: ref, readonly: Layers.readonly(a[1])).rawValue
        case .mapGrantRef:
            guard let g = dom(0) else { return bad }
            guard let ref = num(1) else { return GrantStatus.badGntref.rawValue }
            let readonly = Layers.readonly(a[2])
            if let u = uk {
                let (s, h, _) = withUnikernel(u) { k, hv in k.grants.map(&hv, granter: g, ref: ref, writable: !readonly) }
                return s == .okay ? Int32(h!) : s.code
            }
            let flags = mapFlags(kind: a[3], readonly: readonly)
            let addr = hv.firstFreeHostAddress(d) ?? 0
            let r = hv.mapGrantRef(d, granter: g, ref: ref, flags: flags, hostAddr: addr)
            return r.status == .okay ? Int32(r.handle!) : r.status.rawValue
        case .unmapGrantRef:
            guard let h = num(0) else { return GrantStatus.badHandle.rawValue }
            if let u = uk { return withUnikernel(u) { k, hv in k.grants.unmap(&hv, handle: h).code } }
            return hv.unmapGrantRef(d, handle: h, parts: mapFlags(kind: a[1], readonly: false)).rawValue
        case .unmapAndReplace:
            guard let h = num(0), let m = hv.mapping(d, handle: h) else { return GrantStatus.badHandle.rawValue }
            guard let newAddr = hv.firstFreeHostAddress(d) else { return GrantStatus.badVirtAddr.rawValue }
            return hv.unmapAndReplace(d, handle: h, hostAddr: m.hostAddr, newAddr: newAddr).rawValue
        case .copyFromGrant:
            guard let g = dom(0) else { return bad }
            guard let ref = num(1), let f = num(2) else { return badArg }
            return hv.copy(d, source: .grant(domain: g, ref: ref), sourceOffset: 0,
                           dest: .frame(domain: d, frame: f), destOffset: 0, length: 64).rawValue
        case .copyToGrant:
            guard let g = dom(1) else { return bad }
            guard let f = num(0), let ref = num(2) else { return badArg }
            return hv.copy(d, source: .frame(domain: d, frame: f), sourceOffset: 0,
                           dest: .grant(domain: g, ref: ref), destOffset: 0, length: 64).rawValue
        case .acceptTransfer:
            guard let from = dom(0) else { return bad }
            guard let ref = hv.firstFreeGrantRef(d) else { return Layers.outOfRefs }
            let s = hv.grantTransfer(d, ref: ref, from: from)
            return s == .okay ? Int32(ref) : s.rawValue
        case .transfer:
            guard let to = dom(1) else { return bad }
            guard let f = num(0), let ref = num(2) else { return badArg }
            return hv.transfer(d, frame: f, to: to, ref: ref).rawValue
        case .evtchnAllocUnbound:
            guard let remote = dom(0) else { return XenErrno.esrch.rawValue }
            let (s, p) = hv.allocUnbound(d, remote: remote)
            return s == .okay ? Int32(p!) : s.rawValue
        case .evtchnBind:
            guard let remote = dom(0) else { return XenErrno.esrch.rawValue }
            guard let rp = num(1) else { return XenErrno.einval.rawValue }
            let (s, p) = hv.bindInterdomain(d, remote: remote, remotePort: rp)
            return s == .okay ? Int32(p!) : s.rawValue
        case .evtchnSend:
            guard let p = num(0) else { return XenErrno.einval.rawValue }
            if worldMutants.contains(.sendDropsEvent) {
                // The answer the hypervisor would give; the event itself is lost.
                var probe = hv
                return probe.send(d, port: p).rawValue
            }
            return hv.send(d, port: p).rawValue
        case .evtchnClose:
            guard let p = num(0) else { return XenErrno.einval.rawValue }
            return hv.close(d, port: p).rawValue
        case .seal:
            guard let u = uk else { return XenErrno.eperm.rawValue }
            return unikernels[u]!.space.seal().rawValue
        case .protect:
            guard let u = uk else { return XenErrno.eperm.rawValue }
            guard let page = num(0), a[1] >= 0 && a[1] <= 7 else { return XenErrno.einval.rawValue }
            return unikernels[u]!.space.protect(page, PagePerms(rawValue: UInt8(a[1]))).rawValue
        case .unshare:
            guard let u = uk else { return XenErrno.eperm.rawValue }
            guard let ref = num(0) else { return GrantStatus.badGntref.rawValue }
            return withUnikernel(u) { k, hv in k.grants.unshare(&hv, ref: ref).code }
        case .vchanListen:
            guard let client = dom(0), client != d else { return bad }
            guard vchan(d, client) == nil else { return XenErrno.ebusy.rawValue }
            var frames: [FrameNumber] = []
            for _ in 0..<3 {
                let (s, f) = hv.populateAny(d)
                guard s == .okay, let f else {
                    for g in frames { _ = hv.decreaseReservation(d, frame: g) }
                    return s.rawValue
                }
                frames.append(f)
            }
            let (s, v) = Vchan.serverInit(&hv, server: d, client: client, frames: frames, ringSize: 2, mutants: hv.mutants)
            guard s == .okay, let v else {
                for g in frames { _ = hv.decreaseReservation(d, frame: g) }
                return s.code
            }
            vchans.append(v)
            return 0
        case .vchanConnect:
            guard let server = dom(0) else { return bad }
            guard let (i, side) = vchan(d, server), side == .client else { return GuestStatus.notConnected.code }
            let addrs = Array(hv.freeHostAddresses(d).prefix(3))
            guard addrs.count == 3 else { return GrantStatus.badVirtAddr.rawValue }
            return withVchan(i) { v, hv in v.clientConnect(&hv, hostAddrs: addrs).code }
        case .vchanSend:
            guard let peer = dom(0) else { return bad }
            guard let (i, side) = vchan(d, peer) else { return GuestStatus.notConnected.code }
            return withVchan(i) { v, hv in v.write(&hv, from: side, byte: UInt8(truncatingIfNeeded: a[1])).code }
        case .vchanRecv:
            guard let peer = dom(0) else { return bad }
            guard let (i, side) = vchan(d, peer) else { return GuestStatus.notConnected.code }
            let (s, b) = withVchan(i) { v, hv in v.read(&hv, at: side) }
            return s == .okay ? Int32(b!) : s.code
        case .vchanClose:
            guard let peer = dom(0) else { return bad }
            guard let (i, side) = vchan(d, peer) else { return GuestStatus.notConnected.code }
            return withVchan(i) { v, hv in v.close(&hv, side: side).code }
        default:
            return XenErrno.eperm.rawValue
        }
    }
}
