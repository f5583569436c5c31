import ExoCore

/// Read-only views the World uses to enumerate choices. Every list is in a
/// deterministic ascending order.
extension Exokernel {
    /// Live environments, ascending.
    public var liveEnvs: [Int] { envs.indices.filter { envAlive($0) } }

    /// Machine numbers of the free frames, ascending.
    public var freeFrames: [UInt32] { freeList.map { frames[$0].machine }.sorted() }

    /// Machine numbers of the quarantined frames, ascending.
    public var quarantinedFrames: [UInt32] { quarantine.map { frames[$0].machine }.sorted() }

    /// Machine numbers of the frames `env` owns, ascending.
    public func ownedFrames(_ env: Int) -> [UInt32] {
        guard envAlive(env) else { return [] }
        return envs[env].owned.map { frames[$0].machine }.sorted()
    }

    /// Owned frames that may be revoked (not in the guaranteed set), ascending.
    public func revocableFrames(_ env: Int) -> [UInt32] {
        guard envAlive(env) else { return [] }
        return envs[env].owned.filter { !envs[env].guaranteed.contains($0) }.map { frames[$0].machine }.sorted()
    }

    /// Machine numbers of the frames the kernel asked `env` to relinquish and
    /// that are still pending, ascending.
    public func pendingRevocations(_ env: Int) -> [UInt32] {
        guard envAlive(env) else { return [] }
        return envs[env].pendingRevocations.map { frames[$0.frame].machine }.sorted()
    }

    /// Machine numbers in `env`'s repossession vector, ascending.
    public func repossessionVector(_ env: Int) -> [UInt32] {
        guard envAlive(env) else { return [] }
        return envs[env].repossessed.map { frames[$0].machine }.sorted()
    }

    /// The environment's secure bindings, ascending by virtual page.
    public func bindings(_ env: Int) -> [SecureBinding] { envAlive(env) ? envs[env].bindings : [] }

    /// Non-empty capability slots, ascending.
    public func capabilitySlots(_ env: Int) -> [Int] {
        guard envAlive(env) else { return [] }
        return envs[env].caps.indices.filter { envs[env].caps[$0] >= 0 }
    }

    /// Empty capability slots, ascending.
    public func freeCapabilitySlots(_ env: Int) -> [Int] {
        guard envAlive(env) else { return [] }
        return envs[env].caps.indices.filter { envs[env].caps[$0] < 0 }
    }

    /// The capability in a slot, if any.
    public func capability(_ env: Int, slot: Int) -> CapabilityRecord? {
        guard envAlive(env), slot >= 0, slot < envs[env].caps.count else { return nil }
        return capabilities.record(envs[env].caps[slot])
    }

    /// Live library-OS processes of `env`, ascending.
    public func processes(_ env: Int) -> [Int] {
        guard envAlive(env) else { return [] }
        return envs[env].libos.processes.indices.filter { envs[env].libos.processes[$0].alive }
    }

    /// Mapped pages of a process, ascending.
    public func mappedPages(_ env: Int, pid: Int) -> [Int] {
        guard processAlive(env, pid) else { return [] }
        return envs[env].libos.processes[pid].pages.indices.filter { envs[env].libos.processes[pid].pages[$0].isMapped }
    }

    /// Messages waiting in a process's ring.
    public func messagesWaiting(_ env: Int, pid: Int) -> Int {
        processAlive(env, pid) ? envs[env].libos.processes[pid].ring.count : 0
    }

    /// The virtual page of the page fault waiting for the library OS's pager, if any.
    public func pendingFault(_ env: Int) -> Int? {
        envAlive(env) && envs[env].pendingFault >= 0 ? envs[env].pendingFault : nil
    }

    /// Packets waiting in the environment's receive queue.
    public func packetsWaiting(_ env: Int) -> Int { envAlive(env) ? envs[env].rxQueue.count : 0 }

    /// The environment each CPU runs, -1 when idle.
    public var running: [Int] { cpus.map { $0.running } }

    /// CPUs whose end-of-quantum upcall is posted and not yet answered, ascending.
    public var cpusInGrace: [Int] { cpus.indices.filter { cpus[$0].running >= 0 && cpus[$0].epiloguePosted } }
}
