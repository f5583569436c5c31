/// Enumerations for a spec's `any X` operands and for composition. Every
/// list is in ascending order, so enumeration is deterministic.
extension Hypervisor {
    /// Domain ids that are created or running.
    public var liveDomains: [DomID] {
        var out: [DomID] = []
        forEachLiveDomain { out.append($0) }
        return out
    }

    /// Calls `body` with each live domain id, ascending (no allocation).
    public func forEachLiveDomain(_ body: (DomID) -> Void) {
        for i in domainSlots where self[domain: i].lifecycle.isAlive { body(DomID(i)) }
    }

    public func lifecycle(of d: DomID) -> DomainLifecycle {
        slot(d).map { self[domain: $0].lifecycle } ?? .absent
    }

    /// Frames in the free pool.
    public var freeFrames: [FrameNumber] {
        var out: [FrameNumber] = []
        forEachFreeFrame { out.append($0) }
        return out
    }

    /// Calls `body` with each frame in the free pool, ascending (no allocation).
    public func forEachFreeFrame(_ body: (FrameNumber) -> Void) {
        for f in frameSlots where self[frame: f].state == .free { body(FrameNumber(f)) }
    }

    /// Frames domain `d` owns (its page list).
    public func frames(ownedBy d: DomID) -> [FrameNumber] {
        slot(d).map { pageList($0) } ?? []
    }

    /// Calls `body` with each frame domain `d` owns, in page-list order,
    /// straight from the table (no array: the explorer asks this for every
    /// `any frame owned-by` operand of every state).
    public func forEachFrame(ownedBy d: DomID, _ body: (FrameNumber) -> Void) {
        guard let i = slot(d) else { return }
        tables.forEach(pageLists, inRow: i, count: Int(self[domain: i].pageCount), body)
    }

    /// How many live grant mappings (counting each mapping once, whatever
    /// its parts) currently reach frame `f`. Composition must not reuse a
    /// frame while this is non-zero.
    public func mappingCount(of f: FrameNumber) -> Int {
        // One pass over every maptrack slot (this runs per state in the
        // composition checks); the same test as `mappedFrame`.
        let slots = config.maxDomains, refs = activeEntries.width
        return tables.withColumns { t in
            var n = 0
            for entry in t.maptrack where entry.isLive && Int(entry.granter) < slots && Int(entry.ref) < refs {
                let act = t.active[Int(entry.granter) * refs + Int(entry.ref)]
                if act.isActive && act.frame == f { n += 1 }
            }
            return n
        }
    }

    /// True if any grant mapping still references frame `f`.
    public func isMapped(_ f: FrameNumber) -> Bool {
        frameIndex(f).map { self[frame: $0].mapRefs > 0 } ?? false
    }

    /// Grant references of `d` whose entry is in use (any type).
    public func grantRefsInUse(_ d: DomID) -> [GrantRef] {
        var out: [GrantRef] = []
        forEachGrantRefInUse(d) { out.append($0) }
        return out
    }

    /// Calls `body` with each grant reference of `d` in use, ascending (no allocation).
    public func forEachGrantRefInUse(_ d: DomID, _ body: (GrantRef) -> Void) {
        guard Int(d) < config.maxDomains else { return }
        let i = Int(d)
        for r in 0..<self[domain: i].entryCount(perFrame: config.grantEntriesPerFrame)
        where tables[grantEntries, i, r].flags.type != GrantFlags.invalid {
            body(GrantRef(r))
        }
    }

    /// Grant references of `d` that a guest could publish into now.
    public func freeGrantRefs(_ d: DomID) -> [GrantRef] {
        var out: [GrantRef] = []
        forEachFreeGrantRef(d) { out.append($0); return true }
        return out
    }

    /// The lowest grant reference of `d` a guest could publish into now (no allocation).
    public func firstFreeGrantRef(_ d: DomID) -> GrantRef? {
        var found: GrantRef?
        forEachFreeGrantRef(d) { found = $0; return false }
        return found
    }

    /// Calls `body` with each free grant reference of `d`, ascending, while it returns true.
    func forEachFreeGrantRef(_ d: DomID, _ body: (GrantRef) -> Bool) {
        guard Int(d) < config.maxDomains else { return }
        let i = Int(d)
        for r in 0..<self[domain: i].entryCount(perFrame: config.grantEntriesPerFrame)
        where tables[grantEntries, i, r].flags.rawValue == 0 {
            if !body(GrantRef(r)) { return }
        }
    }

    /// permit_access entries of live domains that name `d`: what `d` may try to map.
    public func grantsOffered(to d: DomID) -> [(granter: DomID, ref: GrantRef)] {
        var out: [(granter: DomID, ref: GrantRef)] = []
        forEachGrantOffered(to: d) { out.append(($0, $1)) }
        return out
    }

    /// Calls `body` with each (granter, ref) offered to `d`, granter then
    /// ref ascending (no allocation).
    public func forEachGrantOffered(to d: DomID, _ body: (DomID, GrantRef) -> Void) {
        let perFrame = config.grantEntriesPerFrame
        for g in domainSlots {
            // One read of the slot's record for both questions.
            let granter = self[domain: g]
            guard granter.lifecycle.isAlive else { continue }
            for r in 0..<granter.entryCount(perFrame: perFrame) {
                let e = tables[grantEntries, g, r]
                if e.flags.isPermitAccess && e.domid == d { body(DomID(g), GrantRef(r)) }
            }
        }
    }

    /// Uncommitted accept_transfer entries of live domains that name `d`:
    /// where `d` may transfer a frame.
    public func transferOffers(from d: DomID) -> [(receiver: DomID, ref: GrantRef)] {
        var out: [(receiver: DomID, ref: GrantRef)] = []
        for r in domainSlots where self[domain: r].lifecycle.isAlive {
            for k in 0..<self[domain: r].entryCount(perFrame: config.grantEntriesPerFrame) {
                let e = tables[grantEntries, r, k]
                if e.flags == .acceptTransfer && e.domid == d { out.append((DomID(r), GrantRef(k))) }
            }
        }
        return out
    }

    /// The live maptrack handles of `d`.
    public func liveHandles(_ d: DomID) -> [GrantHandle] {
        var out: [GrantHandle] = []
        forEachLiveHandle(d) { out.append($0) }
        return out
    }

    /// Calls `body` with each live maptrack handle of `d`, ascending (no allocation).
    public func forEachLiveHandle(_ d: DomID, _ body: (GrantHandle) -> Void) {
        guard let i = slot(d) else { return }
        for h in 0..<maptrackEntries.width where tables[maptrackEntries, i, h].isLive { body(GrantHandle(h)) }
    }

    /// The maptrack entry behind a live handle of `d`, if any.
    public func mapping(_ d: DomID, handle: GrantHandle) -> MaptrackEntry? {
        guard let i = slot(d), Int(handle) < maptrackEntries.width else { return nil }
        let e = tables[maptrackEntries, i, Int(handle)]
        return e.isLive ? e : nil
    }

    /// Virtual pages of `d` not holding a grant host mapping.
    public func freeHostAddresses(_ d: DomID) -> [VirtualPage] {
        var out: [VirtualPage] = []
        forEachFreeHostAddress(d) { out.append($0); return true }
        return out
    }

    /// The lowest virtual page of `d` not holding a grant host mapping (no allocation).
    public func firstFreeHostAddress(_ d: DomID) -> VirtualPage? {
        var found: VirtualPage?
        forEachFreeHostAddress(d) { found = $0; return false }
        return found
    }

    /// Calls `body` with each free host address of `d`, ascending, while it returns true.
    func forEachFreeHostAddress(_ d: DomID, _ body: (VirtualPage) -> Bool) {
        guard let i = slot(d) else { return }
        for a in 0..<config.virtualPages where !hostAddrInUse(i, VirtualPage(a)) {
            if !body(VirtualPage(a)) { return }
        }
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
        for r in domainSlots where self[domain: r].lifecycle.isAlive {
            for p in 0..<eventPorts.width where tables[eventPorts, r, p].state == .unbound(remote: d) {
                out.append((DomID(r), PortNumber(p)))
            }
        }
        return out
    }

    /// The port record of `d`, if the port exists.
    public func port(_ d: DomID, _ p: PortNumber) -> EventPort? {
        guard let i = slot(d), let pi = portIndex(p) else { return nil }
        return tables[eventPorts, i, pi]
    }

    /// The shared grant entry `ref` of `d`, if it exists.
    public func grantEntry(_ d: DomID, _ ref: GrantRef) -> GrantEntry? {
        guard let i = slot(d), Int(ref) < grantEntries.width else { return nil }
        return tables[grantEntries, i, Int(ref)]
    }

    /// The active entry `ref` of `d`, if it exists.
    public func activeEntry(_ d: DomID, _ ref: GrantRef) -> ActiveEntry? {
        guard let i = slot(d), Int(ref) < activeEntries.width else { return nil }
        return tables[activeEntries, i, Int(ref)]
    }

    private func ports(_ d: DomID, _ match: (PortState) -> Bool) -> [PortNumber] {
        guard let i = slot(d) else { return [] }
        return (0..<eventPorts.width).filter { match(tables[eventPorts, i, $0].state) }.map { PortNumber($0) }
    }
}
