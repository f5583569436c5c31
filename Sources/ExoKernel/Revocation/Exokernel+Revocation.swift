import ExoCore

extension Exokernel {
    /// Visible revocation: asks `env` to relinquish `frame` by `now +
    /// config.revocationDeadline`. The request is posted where the library
    /// OS sees it (`pendingRevocations`). Refusals: `badEnv`, `badFrame`,
    /// `notOwner`, `guaranteed`, `busy` (already requested), `noSpace`.
    public mutating func requestRevocation(_ env: Int, frame: UInt32, now: Tick) -> ExoStatus {
        let now = begin(now)
        guard envAlive(env) else { return .badEnv }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard frames[f].state == .owned(env) else { return .notOwner }
        if envs[env].guaranteed.contains(f) && !mutants.contains(.guaranteedFrameRevoked) { return .guaranteed }
        guard !envs[env].revocations.contains(where: { $0.frame == f && $0.isPending }) else { return .busy }
        guard envs[env].revocations.count < config.maxRevocations else { return .noSpace }
        envs[env].revocations.append(RevocationRecord(frame: f, issued: now, deadline: now &+ config.revocationDeadline))
        return .ok
    }

    /// The library OS complies with a pending revocation: it drops its
    /// page-table entries for the frame and unbinds it, and the frame goes
    /// back to the kernel (every other binding of it is broken too).
    /// Refusals: `badEnv`, `badFrame`, `noRequest`.
    public mutating func relinquish(_ env: Int, frame: UInt32, now: Tick) -> ExoStatus {
        let now = begin(now)
        guard envAlive(env) else { return .badEnv }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard envs[env].revocations.contains(where: { $0.frame == f && $0.isPending }) else { return .noRequest }
        dropLibOSMappings(env, frame: f)
        if frames[f].state == .owned(env) {
            breakBindings(toFrame: f, exempt: env, flushSTLB: true, flushTLB: true)
            release(f, leak: false)
        }
        markComplied(env, frame: f, now: now)
        return .ok
    }

    /// Records compliance with any pending request for `f` and disarms its
    /// abort timer (the mutant forgets to disarm).
    mutating func markComplied(_ env: Int, frame f: Int, now: Tick) {
        for i in envs[env].revocations.indices where envs[env].revocations[i].frame == f && envs[env].revocations[i].isPending {
            envs[env].revocations[i].compliedAt = now
            if !mutants.contains(.abortAfterCompliance) { envs[env].revocations[i].armed = false }
        }
    }

    /// When the abort timer of a record goes off.
    func abortTime(_ r: RevocationRecord) -> Tick { Exokernel.abortTime(r, mutants: mutants) }

    static func abortTime(_ r: RevocationRecord, mutants: ExoMutants) -> Tick {
        mutants.contains(.abortBeforeDeadline) && r.deadline > 0 ? r.deadline - 1 : r.deadline
    }

    /// The abort protocol, for every armed request whose time has come:
    /// break every secure binding of the frame, flush software and hardware
    /// TLBs, take the frame (to quarantine if foreign-mapped), record it in
    /// the repossession vector (which raises the repossession exception).
    /// Returns how many requests were aborted.
    mutating func abortDue(now: Tick) -> Int {
        var aborted = 0
        for e in envs.indices where envAlive(e) {
            var i = 0
            while i < envs[e].revocations.count {
                let r = envs[e].revocations[i]
                if r.armed && abortTime(r) <= now {
                    let f = r.frame
                    breakBindings(toFrame: f, exempt: e,
                                  flushSTLB: !mutants.contains(.stlbKeptAfterAbort),
                                  flushTLB: !mutants.contains(.tlbKeptAfterAbort))
                    if case .owned = frames[f].state {
                        release(f, leak: mutants.contains(.repossessedFrameLeaked))
                    }
                    if !mutants.contains(.repossessionNotRecorded) {
                        Exokernel.insertSorted(f, into: &envs[e].repossessed)
                    }
                    envs[e].revocations[i].abortedAt = now
                    envs[e].revocations[i].armed = false
                    aborted += 1
                }
                i += 1
            }
        }
        return aborted
    }

    /// The library OS's repossession-exception handler: drops page-table
    /// entries of every frame in the repossession vector and clears it.
    /// Refusals: `badEnv`, `empty` (nothing repossessed).
    public mutating func handleRepossession(_ env: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard !envs[env].repossessed.isEmpty else { return .empty }
        for f in envs[env].repossessed {
            for p in envs[env].libos.processes.indices {
                for pg in envs[env].libos.processes[p].pages.indices where envs[env].libos.processes[p].pages[pg].frame == f {
                    envs[env].libos.processes[p].pages[pg] = PageTableEntry()
                }
            }
            if frames[f].state != .owned(env) { envs[env].libos.holder[f] = -1 }
        }
        envs[env].repossessed = []
        return .ok
    }
}
