import ExoCore

extension Exokernel {
    /// Creates an environment in the lowest free slot and gives it, in
    /// capability slot 0, a root capability named by its id with all rights.
    /// Refusals: `noSpace` (no environment slot or capability-table entry).
    public mutating func createEnv() -> (status: ExoStatus, env: Int) {
        begin(clock)
        guard let env = envs.firstIndex(where: { $0.status != .alive }) else { return (.noSpace, -1) }
        guard config.capSlots > 0,
              let root = capabilities.insert(CapabilityRecord(parent: -1, rootOf: Int32(env), name: [UInt8(truncatingIfNeeded: env)], rights: .all))
        else { return (.noSpace, -1) }
        envs[env] = Environment(config: config, frames: frames.count)
        envs[env].status = .alive
        envs[env].caps[0] = root
        return (.ok, env)
    }

    /// Registers the environment's upcall entry points. Refusals: `badEnv`.
    public mutating func setUpcalls(_ env: Int, _ entries: UpcallEntries) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        envs[env].upcalls = entries
        return .ok
    }

    /// The live capability an environment presents in `slot`.
    /// Refusals: `badEnv`, `badSlot` (out of range or empty), `badCapability`
    /// (revoked or unknown serial) unless `allowRevoked`.
    func presented(_ env: Int, _ slot: Int, allowRevoked: Bool = false) -> (ExoStatus, Int32, CapabilityRecord) {
        guard envAlive(env) else { return (.badEnv, -1, CapabilityRecord()) }
        guard slot >= 0, slot < envs[env].caps.count, envs[env].caps[slot] >= 0 else { return (.badSlot, -1, CapabilityRecord()) }
        let serial = envs[env].caps[slot]
        guard let record = capabilities.record(serial) else { return (.badCapability, serial, CapabilityRecord()) }
        if record.revoked && !allowRevoked { return (.badCapability, serial, record) }
        return (.ok, serial, record)
    }

    /// Derives a capability from the one in `from` into the empty slot `into`:
    /// name = parent's name + `suffix`, rights = parent's ∩ `rights`. The
    /// parent must carry the grant right. Refusals: `badEnv`, `badSlot`,
    /// `badCapability`, `denied` (no grant right), `busy` (target slot taken),
    /// `badOperand` (name too long), `noSpace` (capability table full).
    public mutating func deriveCapability(_ env: Int, from: Int, into: Int, suffix: [UInt8], rights: Rights) -> ExoStatus {
        begin(clock)
        let (st, parentSerial, parent) = presented(env, from)
        guard st == .ok else { return st }
        guard into >= 0, into < envs[env].caps.count else { return .badSlot }
        guard envs[env].caps[into] < 0 else { return .busy }
        guard parent.rights.contains(.grant) else { return .denied }
        guard parent.name.count + suffix.count <= config.maxNameLength else { return .badOperand }
        let name = mutants.contains(.derivationIgnoresPrefix) ? CapName(suffix) : parent.name.appending(suffix)
        let childRights = mutants.contains(.derivationWidensRights) ? rights : rights.intersection(parent.rights)
        guard let serial = capabilities.insert(CapabilityRecord(parent: parentSerial, rootOf: -1, name: name, rights: childRights)) else {
            return .noSpace
        }
        envs[env].caps[into] = serial
        return .ok
    }

    /// Gives a copy of the capability in `slot` to environment `to`, in its
    /// empty slot `toSlot` (capabilities are transferable). Refusals:
    /// `badEnv`, `badSlot`, `badCapability`, `busy` (target slot taken).
    public mutating func transferCapability(_ env: Int, slot: Int, to: Int, toSlot: Int) -> ExoStatus {
        begin(clock)
        let (st, serial, _) = presented(env, slot)
        guard st == .ok else { return st }
        guard envAlive(to) else { return .badEnv }
        guard toSlot >= 0, toSlot < envs[to].caps.count else { return .badSlot }
        guard envs[to].caps[toSlot] < 0 else { return .busy }
        envs[to].caps[toSlot] = serial
        return .ok
    }

    /// Empties a capability slot. Refusals: `badEnv`, `badSlot`.
    public mutating func dropCapability(_ env: Int, slot: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard slot >= 0, slot < envs[env].caps.count, envs[env].caps[slot] >= 0 else { return .badSlot }
        envs[env].caps[slot] = -1
        collectCapabilities()
        return .ok
    }

    /// Revokes every capability derived (directly or not) from the one in
    /// `slot`, wherever it is held, and breaks the secure bindings they
    /// authorised (the losers find the frames in their repossession vectors).
    /// Refusals: `badEnv`, `badSlot`, `badCapability`.
    public mutating func revokeDerived(_ env: Int, slot: Int) -> ExoStatus {
        begin(clock)
        let (st, serial, _) = presented(env, slot)
        guard st == .ok else { return st }
        let revoked = capabilities.revokeDescendants(of: serial)
        breakBindings(authorisedBy: revoked)
        collectCapabilities()
        return .ok
    }

    /// Breaks every binding made with one of `serials`.
    mutating func breakBindings(authorisedBy serials: [Int32]) {
        guard !serials.isEmpty else { return }
        for e in envs.indices where envAlive(e) {
            let lost = envs[e].bindings.filter { serials.contains($0.cap) }
            for b in lost {
                removeBinding(e, vpage: b.vpage, flushTLB: true)
                Exokernel.insertSorted(b.frame, into: &envs[e].repossessed)
            }
        }
    }

    /// Frees capability records nothing refers to any more.
    mutating func collectCapabilities() {
        withScratch(false, count: capabilities.records.count) { referenced in
            for env in envs where env.isAlive {
                for s in env.caps where s >= 0 && Int(s) < referenced.count { referenced[Int(s)] = true }
                for b in env.bindings where b.cap >= 0 && Int(b.cap) < referenced.count { referenced[Int(b.cap)] = true }
            }
            capabilities.collect { referenced[Int($0)] }
        }
    }
}
