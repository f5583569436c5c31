import ExoCore

extension Exokernel {
    /// The earliest absolute time at which something is due: an abort
    /// deadline, an end of quantum or an end of grace. Nil when nothing is armed.
    public var nextDeadline: Tick? {
        var next: Tick? = nil
        func consider(_ t: Tick) { if next == nil || t < next! { next = t } }
        for env in envs where env.isAlive {
            for r in env.revocations where r.armed { consider(abortTime(r)) }
        }
        for c in cpus where c.running >= 0 {
            if !c.epiloguePosted { consider(c.quantumEnd) }
            else if !mutants.contains(.graceNotEnforced) { consider(c.graceEnd) }
        }
        return next
    }

    /// Performs everything due at `now` (aborts first, then CPU quanta) and
    /// returns how many things happened.
    @discardableResult
    public mutating func fireDue(now: Tick) -> Int {
        let now = begin(now)
        return abortDue(now: now) + quantumDue(now: now)
    }

    /// Kills an environment: every binding of and to its frames is broken,
    /// its frames go back (to quarantine when foreign-mapped), its root
    /// capability and everything derived from it are revoked, its CPU slices
    /// are freed. Refusals: `badEnv`.
    public mutating func destroyEnv(_ env: Int, now: Tick) -> ExoStatus {
        begin(now)
        guard envAlive(env) else { return .badEnv }
        destroy(env)
        return .ok
    }

    mutating func destroy(_ env: Int) {
        for b in envs[env].bindings { removeBinding(env, vpage: b.vpage, flushTLB: true) }
        for c in tlbs.indices { tlbs[c].flush { $0.env == env } }
        for f in envs[env].owned {
            breakBindings(toFrame: f, exempt: env, flushSTLB: true, flushTLB: true)
            release(f, leak: false)
        }
        var roots: [Int32] = []
        for (i, r) in capabilities.records.enumerated() where r.inUse && r.rootOf == Int32(env) { roots.append(Int32(i)) }
        envs[env].status = .dead
        for root in roots {
            let revoked = capabilities.revokeDescendants(of: root) + [root]
            capabilities.revoke(root)
            breakBindings(authorisedBy: revoked)
        }
        for s in slices.indices where slices[s] == env { slices[s] = -1 }
        for c in cpus.indices where cpus[c].running == env {
            cpus[c].running = -1
            cpus[c].epiloguePosted = false
        }
        for pid in 0..<config.maxProcesses { forgetPeer(env, pid) }
        var fresh = Environment(config: config, frames: frames.count)
        fresh.status = .dead
        envs[env] = fresh
        collectCapabilities()
    }
}
