import ExoCore

extension Exokernel {
    /// Allocates the free frame `frame` to `env`; the capability in `capSlot`
    /// becomes the frame's ACL entry (name and rights). Refusals: `badEnv`,
    /// `badFrame`, `badSlot`, `badCapability`, `quarantined`, `busy` (not free).
    public mutating func allocFrame(_ env: Int, frame: UInt32, capSlot: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard let f = frameIndex(frame) else { return .badFrame }
        let (st, _, cap) = presented(env, capSlot)
        guard st == .ok else { return st }
        switch frames[f].state {
        case .free: break
        case .quarantined: return .quarantined
        case .owned(let other) where mutants.contains(.allocStealsOwnedFrame) && other != env: break
        default: return .busy
        }
        Exokernel.remove(f, from: &freeList)
        frames[f].state = .owned(env)
        frames[f].aclName = cap.name
        frames[f].aclRights = cap.rights
        Exokernel.insertSorted(f, into: &envs[env].owned)
        return .ok
    }

    /// Gives an owned frame back to the kernel. The environment must hold no
    /// binding of it and nobody else may either (`busy`); the library OS
    /// drops its own page-table entries for it. A pending revocation of the
    /// frame counts as complied with. A frame still mapped by another domain
    /// goes to quarantine. Refusals: `badEnv`, `badFrame`, `notOwner`, `busy`.
    public mutating func freeFrame(_ env: Int, frame: UInt32, now: Tick) -> ExoStatus {
        let now = begin(now)
        guard envAlive(env) else { return .badEnv }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard frames[f].state == .owned(env) else { return .notOwner }
        guard frames[f].refs == 0 else { return .busy }
        dropLibOSMappings(env, frame: f)
        markComplied(env, frame: f, now: now)
        release(f, leak: false)
        return .ok
    }

    /// Puts an owned frame into the environment's guaranteed set (at most
    /// `config.guaranteedFrames`), which the kernel never repossesses.
    /// Refusals: `badEnv`, `badFrame`, `notOwner`, `noSpace`, `busy` (a
    /// revocation of it is pending).
    public mutating func setGuaranteed(_ env: Int, frame: UInt32) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard frames[f].state == .owned(env) else { return .notOwner }
        if envs[env].guaranteed.contains(f) { return .ok }
        guard envs[env].guaranteed.count < config.guaranteedFrames else { return .noSpace }
        guard !envs[env].revocations.contains(where: { $0.frame == f && $0.isPending }) else { return .busy }
        Exokernel.insertSorted(f, into: &envs[env].guaranteed)
        return .ok
    }

    /// The World reports how many mappings of `frame` other domains hold
    /// (through the hypervisor's grant table). When the count drops to zero a
    /// quarantined frame becomes free. Refusals: `badFrame`, `badOperand`
    /// (negative), `notOwner` (a positive count for a frame no environment
    /// owns and that is not quarantined).
    public mutating func setForeignMapped(_ frame: UInt32, count: Int) -> ExoStatus {
        begin(clock)
        guard let f = frameIndex(frame) else { return .badFrame }
        guard count >= 0 else { return .badOperand }
        switch frames[f].state {
        case .owned, .quarantined: break
        default: if count > 0 { return .notOwner }
        }
        frames[f].foreign = count
        if count == 0, frames[f].state == .quarantined {
            Exokernel.remove(f, from: &quarantine)
            frames[f].state = .free
            Exokernel.insertSorted(f, into: &freeList)
        }
        return .ok
    }

    /// Takes an owned frame from its owner: to quarantine while foreign-mapped,
    /// else to the free list (unless `leak`, which is the leak mutant's path).
    mutating func release(_ f: Int, leak: Bool) {
        guard case .owned(let owner) = frames[f].state else { return }
        Exokernel.remove(f, from: &envs[owner].owned)
        Exokernel.remove(f, from: &envs[owner].guaranteed)
        frames[f].aclName = []
        frames[f].aclRights = []
        if frames[f].foreign > 0 && !mutants.contains(.foreignMappedFrameFreed) {
            frames[f].state = .quarantined
            Exokernel.insertSorted(f, into: &quarantine)
        } else {
            frames[f].state = .free
            if !leak { Exokernel.insertSorted(f, into: &freeList) }
        }
    }
}
