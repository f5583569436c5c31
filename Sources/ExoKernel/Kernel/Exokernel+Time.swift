import ExoCore

extension Exokernel {
    /// The earliest absolute time at which something is due: an abort
    /// deadline, an end of quantum or an end of grace. Nil when nothing is armed.
    public var nextDeadline: Tick? { withUnsafePointer(to: self) { Exokernel.nextDeadline(at: $0) } }

    /// `nextDeadline` of the kernel at `k`, read in place (the World asks
    /// it of the kernel in its cell on every step; see `envAlive(at:_:)`).
    public static func nextDeadline(at k: UnsafePointer<Exokernel>) -> Tick? {
        var next: Tick? = nil
        func consider(_ t: Tick) { if next == nil || t < next! { next = t } }
        let envs = k.pointer(to: \.envs)!
        for e in 0..<envs.pointee.count {
            let env = Environment.fields(at: envs.element(e))
            guard env.pointee.status.isAlive else { continue }
            let records = env.pointer(to: \.revocations)!
            for i in 0..<records.pointee.count where records.pointee[i].armed {
                consider(abortTime(records.pointee[i], mutants: k.pointee.mutants))
            }
        }
        let cpus = cold(at: k).pointer(to: \.cpus)!
        for i in 0..<cpus.pointee.count where cpus.pointee[i].running >= 0 {
            if !cpus.pointee[i].epiloguePosted { consider(cpus.pointee[i].quantumEnd) }
            else if !k.pointee.mutants.contains(.graceNotEnforced) { consider(cpus.pointee[i].graceEnd) }
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
