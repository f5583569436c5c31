/// Enumerations for a spec's `any X` operands and for composition. Every
/// list is in ascending order, so enumeration is deterministic.
extension Hypervisor {
    /// Domain ids that are created or running.
    public var liveDomains: [DomID] {
        domains.indices.filter { domains[$0].lifecycle.isAlive }.map { DomID($0) }
    }

    public func lifecycle(of d: DomID) -> DomainLifecycle {
        slot(d).map { domains[$0].lifecycle } ?? .absent
    }

    /// Frames in the free pool.
    public var freeFrames: [FrameNumber] {
        frames.indices.filter { frames[$0].state == .free }.map { FrameNumber($0) }
    }

    /// Frames domain `d` owns (its page list).
    public func frames(ownedBy d: DomID) -> [FrameNumber] {
        slot(d).map { domains[$0].pages } ?? []
    }

    /// How many live grant mappings (counting each mapping once, whatever
    /// its parts) currently reach frame `f`. Composition must not reuse a
    /// frame while this is non-zero.
    public func mappingCount(of f: FrameNumber) -> Int {
        var n = 0
        for m in domains.indices {
            for entry in domains[m].maptrack.entries where entry.isLive {
                if mappedFrame(granter: entry.granter, ref: entry.ref) == f { n += 1 }
            }
        }
        return n
    }

    /// True if any grant mapping still references frame `f`.
    public func isMapped(_ f: FrameNumber) -> Bool {
        frameIndex(f).map { frames[$0].mapRefs > 0 } ?? false
    }

    /// Grant references of `d` whose entry is in use (any type).
    public func grantRefsInUse(_ d: DomID) -> [GrantRef] {
        guard let i = slot(d) else { return [] }
        return (0..<domains[i].entryCount(perFrame: config.grantEntriesPerFrame))
            .filter { domains[i].grantTable.entries[$0].flags.type != GrantFlags.invalid }
            .map { GrantRef($0) }
    }

    /// Grant references of `d` that a guest could publish into now.
    public func freeGrantRefs(_ d: DomID) -> [GrantRef] {
        guard let i = slot(d) else { return [] }
        return (0..<domains[i].entryCount(perFrame: config.grantEntriesPerFrame))
            .filter { domains[i].grantTable.entries[$0].flags.rawValue == 0 }
            .map { GrantRef($0) }
    }

    /// permit_access entries of live domains that name `d`: what `d` may try to map.
    public func grantsOffered(to d: DomID) -> [(granter: DomID, ref: GrantRef)] {
        var out: [(granter: DomID, ref: GrantRef)] = []
        for g in domains.indices where domains[g].lifecycle.isAlive {
            for r in 0..<domains[g].entryCount(perFrame: config.grantEntriesPerFrame) {
                let e = domains[g].grantTable.entries[r]
                if e.flags.isPermitAccess && e.domid == d { out.append((DomID(g), GrantRef(r))) }
            }
        }
        return out
    }

    /// Uncommitted accept_transfer entries of live domains that name `d`:
    /// where `d` may transfer a frame.
    public func transferOffers(from d: DomID) -> [(receiver: DomID, ref: GrantRef)] {
        var out: [(receiver: DomID, ref: GrantRef)] = []
        for r in domains.indices where domains[r].lifecycle.isAlive {
            for k in 0..<domains[r].entryCount(perFrame: config.grantEntriesPerFrame) {
                let e = domains[r].grantTable.entries[k]
                if e.flags == .acceptTransfer && e.domid == d { out.append((DomID(r), GrantRef(k))) }
            }
        }
        return out
    }

    /// The live maptrack handles of `d`.
    public func liveHandles(_ d: DomID) -> [GrantHandle] {
        slot(d).map { domains[$0].maptrack.liveHandles } ?? []
    }

    /// The maptrack entry behind a live handle of `d`, if any.
    public func mapping(_ d: DomID, handle: GrantHandle) -> MaptrackEntry? {
        guard let i = slot(d), Int(handle) < domains[i].maptrack.entries.count else { return nil }
        let e = domains[i].maptrack.entries[Int(handle)]
        return e.isLive ? e : nil
    }

    /// Virtual pages of `d` not holding a grant host mapping.
    public func freeHostAddresses(_ d: DomID) -> [VirtualPage] {
        guard let i = slot(d) else { return [] }
        return (0..<config.virtualPages).filter { !hostAddrInUse(i, VirtualPage($0)) }.map { VirtualPage($0) }
    }

    /// `d`'s ports that are allocated but unbound.
    public func unboundPorts(_ d: DomID) -> [PortNumber] {
        ports(d) { if case .unbound = $0 { return true }; return false }
    }

    /// `d`'s ports bound to another port.
    public func boundPorts(_ d: DomID) -> [PortNumber] {
        ports(d) { if case .interdomain = $0 { return true }; return false }
    }

    /// Unbound ports of live domains reserved for `d`: what `d` may bind to.
    public func portsReserved(for d: DomID) -> [(domain: DomID, port: PortNumber)] {
        var out: [(domain: DomID, port: PortNumber)] = []
        for r in domains.indices where domains[r].lifecycle.isAlive {
            for p in domains[r].ports.indices where domains[r].ports[p].state == .unbound(remote: d) {
                out.append((DomID(r), PortNumber(p)))
            }
        }
        return out
    }

    /// The port record of `d`, if the port exists.
    public func port(_ d: DomID, _ p: PortNumber) -> EventPort? {
        guard let i = slot(d), Int(p) < domains[i].ports.count else { return nil }
        return domains[i].ports[Int(p)]
    }

    /// The shared grant entry `ref` of `d`, if it exists.
    public func grantEntry(_ d: DomID, _ ref: GrantRef) -> GrantEntry? {
        guard let i = slot(d), Int(ref) < domains[i].grantTable.entries.count else { return nil }
        return domains[i].grantTable.entries[Int(ref)]
    }

    /// The active entry `ref` of `d`, if it exists.
    public func activeEntry(_ d: DomID, _ ref: GrantRef) -> ActiveEntry? {
        guard let i = slot(d), Int(ref) < domains[i].grantTable.active.count else { return nil }
        return domains[i].grantTable.active[Int(ref)]
    }

    private func ports(_ d: DomID, _ match: (PortState) -> Bool) -> [PortNumber] {
        guard let i = slot(d) else { return [] }
        return domains[i].ports.indices.filter { match(domains[i].ports[$0].state) }.map { PortNumber($0) }
    }
}
