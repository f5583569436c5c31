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
        var out: [UInt32] = []
        withUnsafePointer(to: self) { Exokernel.visitOwnedFrames(at: $0, env) { out.append($0) } }
        return out.sorted()
    }

    /// Owned frames that may be revoked (not in the guaranteed set), ascending.
    public func revocableFrames(_ env: Int) -> [UInt32] {
        guard envAlive(env) else { return [] }
        return envs[env].owned.filter { !envs[env].guaranteed.contains($0) }.map { frames[$0].machine }.sorted()
    }

    /// Machine numbers of the frames the kernel asked `env` to relinquish and
    /// that are still pending, ascending.
    public func pendingRevocations(_ env: Int) -> [UInt32] {
        var out: [UInt32] = []
        withUnsafePointer(to: self) { Exokernel.visitPendingRevocations(at: $0, env) { out.append($0) } }
        return out.sorted()
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
        var out: [Int] = []
        withUnsafePointer(to: self) { Exokernel.visitCapabilitySlots(at: $0, env) { out.append($0) } }
        return out
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
        var out: [Int] = []
        withUnsafePointer(to: self) { Exokernel.visitProcesses(at: $0, env) { out.append($0) } }
        return out
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

/// The queries the World lists choices from, read where the kernel lies
/// (its cell): a method called on it there copies the whole kernel first,
/// retaining every array and environment box, on counts that every state
/// sharing them shares. Each visits its answer in storage order, unsorted;
/// the array forms above sort it. The pointers are valid while the kernel
/// at `k` lives unchanged (see `CanonicalEncoder+InPlace.swift` in ExoCore).
extension Exokernel {
    /// `envAlive(env)` of the kernel at `k`.
    @inline(__always) public static func envAlive(at k: UnsafePointer<Exokernel>, _ env: Int) -> Bool {
        env >= 0 && env < k.pointee.envs.count && envFields(at: k, env).pointee.status.isAlive
    }

    /// The fields of environment `env` (an index in range).
    @inline(__always) static func envFields(at k: UnsafePointer<Exokernel>, _ env: Int) -> UnsafePointer<Environment.Fields> {
        Environment.fields(at: k.pointer(to: \.envs)!.element(env))
    }

    /// The machine numbers of the frames `env` owns, by frame index (none
    /// when `env` is not alive).
    @inline(__always) public static func visitOwnedFrames(at k: UnsafePointer<Exokernel>, _ env: Int,
                                                          _ body: (UInt32) -> Void) {
        guard envAlive(at: k, env) else { return }
        let owned = Exokernel.envFields(at: k, env).pointer(to: \.owned)!
        for i in 0..<owned.pointee.count { body(k.pointee.frames[owned.pointee[i]].machine) }
    }

    /// The machine numbers of the frames whose revocation from `env` is
    /// pending, in the order they were requested.
    @inline(__always) public static func visitPendingRevocations(at k: UnsafePointer<Exokernel>, _ env: Int,
                                                                 _ body: (UInt32) -> Void) {
        guard envAlive(at: k, env) else { return }
        let records = Exokernel.envFields(at: k, env).pointer(to: \.revocations)!
        for i in 0..<records.pointee.count where records.pointee[i].isPending {
            body(k.pointee.frames[records.pointee[i].frame].machine)
        }
    }

    /// `env`'s non-empty capability slots, ascending.
    @inline(__always) public static func visitCapabilitySlots(at k: UnsafePointer<Exokernel>, _ env: Int,
                                                              _ body: (Int) -> Void) {
        guard envAlive(at: k, env) else { return }
        let caps = Exokernel.envFields(at: k, env).pointer(to: \.caps)!
        for i in 0..<caps.pointee.count where caps.pointee[i] >= 0 { body(i) }
    }

    /// `env`'s live library-OS processes, ascending.
    @inline(__always) public static func visitProcesses(at k: UnsafePointer<Exokernel>, _ env: Int,
                                                        _ body: (Int) -> Void) {
        guard envAlive(at: k, env) else { return }
        let libos = LibOSState.fields(at: Exokernel.envFields(at: k, env).pointer(to: \.libos)!)
        let processes = libos.pointer(to: \.processes)!
        for p in 0..<processes.pointee.count where processes.pointee[p].alive { body(p) }
    }

    /// The virtual pages of `env`'s secure bindings, in the order they are
    /// stored (ascending).
    @inline(__always) public static func visitBoundPages(at k: UnsafePointer<Exokernel>, _ env: Int,
                                                         _ body: (Int) -> Void) {
        guard envAlive(at: k, env) else { return }
        let bindings = Exokernel.envFields(at: k, env).pointer(to: \.bindings)!
        for i in 0..<bindings.pointee.count { body(bindings.pointee[i].vpage) }
    }
}
