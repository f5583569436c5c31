import ExoCore

extension Exokernel {
    /// Binds virtual page `vpage` of `env` to `frame` with `rights` (read,
    /// write), presenting the capability in `capSlot`: the one check of the
    /// secure binding. The binding is cached in the environment's software
    /// TLB. Re-binding a page to the same frame refreshes it. Refusals:
    /// `badEnv`, `badOperand` (page or rights), `badFrame`, `badSlot`,
    /// `badCapability` (revoked/unknown), `notOwner` (frame free or the
    /// kernel's), `quarantined`, `denied` (ACL), `busy` (page bound to
    /// another frame), `noSpace`.
    public mutating func bind(_ env: Int, vpage: Int, frame: UInt32, rights: Rights, capSlot: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard vpage >= 0, vpage < config.virtualPages else { return .badOperand }
        guard !rights.isEmpty, rights.isSubset(of: [.read, .write]) else { return .badOperand }
        guard let f = frameIndex(frame) else { return .badFrame }
        let (st, serial, cap) = presented(env, capSlot, allowRevoked: mutants.contains(.revokedCapabilityAccepted))
        guard st == .ok else { return st }
        switch frames[f].state {
        case .owned: break
        case .quarantined: return .quarantined
        default: return .notOwner
        }
        if !mutants.contains(.bindSkipsACLCheck) {
            guard CapabilityRecord.isPrefix(cap.name, of: frames[f].aclName),
                  rights.isSubset(of: cap.rights), rights.isSubset(of: frames[f].aclRights)
            else { return .denied }
        }
        if let old = envs[env].binding(at: vpage) {
            guard old.frame == f else { return .busy }
            removeBinding(env, vpage: vpage, flushTLB: true)
        }
        guard envs[env].bindings.count < config.maxBindings else { return .noSpace }
        let b = SecureBinding(vpage: vpage, frame: f, rights: rights, cap: serial)
        let at = envs[env].bindings.firstIndex { $0.vpage > vpage } ?? envs[env].bindings.count
        envs[env].bindings.insert(b, at: at)
        frames[f].refs += 1
        envs[env].stlb.insert(TranslationEntry(env: env, vpage: vpage, frame: f, rights: rights))
        if envs[env].pendingFault == vpage { envs[env].pendingFault = -1 }
        return .ok
    }

    /// Removes the binding of `vpage` and flushes it from the software TLB
    /// and every CPU's TLB. The library OS is the only caller of unbind, so
    /// its page-table entry for that page goes too. Refusals: `badEnv`,
    /// `badOperand`, `empty` (page not bound).
    public mutating func unbind(_ env: Int, vpage: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard vpage >= 0, vpage < config.virtualPages else { return .badOperand }
        guard envs[env].binding(at: vpage) != nil else { return .empty }
        removeBinding(env, vpage: vpage, flushTLB: !mutants.contains(.unbindKeepsTLBEntry))
        clearPageTableEntry(env, vpage: vpage)
        return .ok
    }

    /// A memory access by `env` on `cpu`: the hardware TLB, then the software
    /// TLB (refilling the hardware TLB), else a page fault posted to the
    /// library OS. Never refuses with a trap: bad operands give `refused`.
    public mutating func access(_ env: Int, cpu: Int, vpage: Int, write: Bool) -> AccessOutcome {
        begin(clock)
        guard envAlive(env), cpu >= 0, cpu < tlbs.count, vpage >= 0, vpage < config.virtualPages else { return .refused }
        let need: Rights = write ? .write : .read
        if let hit = tlbs[cpu].lookup(env: env, vpage: vpage) {
            return hit.rights.contains(need) ? .tlbHit : .protectionFault
        }
        if let hit = envs[env].stlb.lookup(env: env, vpage: vpage) {
            guard hit.rights.contains(need) else { return .protectionFault }
            tlbs[cpu].insert(hit)
            return .stlbHit
        }
        envs[env].pendingFault = vpage
        return .pageFault
    }

    /// Removes one binding; flushes the software TLB, and the hardware TLBs
    /// when `flushTLB`.
    mutating func removeBinding(_ env: Int, vpage: Int, flushTLB: Bool, flushSTLB: Bool = true) {
        guard let i = envs[env].bindings.firstIndex(where: { $0.vpage == vpage }) else { return }
        let f = envs[env].bindings[i].frame
        envs[env].bindings.remove(at: i)
        frames[f].refs -= 1
        if flushSTLB { envs[env].stlb.flush { $0.vpage == vpage } }
        if flushTLB {
            for c in tlbs.indices { tlbs[c].flush { $0.env == env && $0.vpage == vpage } }
        }
        // The binding may have been the last thing holding its capability.
        collectCapabilities()
    }

    /// Breaks every environment's bindings of frame `f` (the secure-binding
    /// half of an abort or a forced release). Environments other than
    /// `exempt` that lose a binding find the frame in their repossession vector.
    mutating func breakBindings(toFrame f: Int, exempt: Int, flushSTLB: Bool, flushTLB: Bool) {
        for e in envs.indices where envAlive(e) {
            let lost = envs[e].bindings.filter { $0.frame == f }
            for b in lost { removeBinding(e, vpage: b.vpage, flushTLB: false, flushSTLB: flushSTLB) }
            if !lost.isEmpty && e != exempt { Exokernel.insertSorted(f, into: &envs[e].repossessed) }
        }
        if flushTLB {
            for c in tlbs.indices { tlbs[c].flush { $0.frame == f } }
        }
        collectCapabilities()
    }
}
