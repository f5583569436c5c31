import ExoCore

extension Exokernel {
    /// Sequence numbers run modulo this: enough to tell apart every count of
    /// messages a ring can hold.
    var ipcModulus: Int { config.ringSize + 1 }

    /// Sends `payload` from process `from` to process `to` of the same
    /// environment, into `to`'s receive ring; with `transfer`, control passes
    /// to the receiver at once (protected control transfer: it becomes the
    /// library OS's current process). Refusals: `badEnv`, `badProcess`,
    /// `isolated` (containers), `noSpace` (ring full).
    public mutating func ipcSend(_ env: Int, from: Int, to: Int, payload: UInt8, transfer: Bool) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, from), processAlive(env, to) else { return .badProcess }
        guard containersMayTalk(env, from: from, to: to) || mutants.contains(.containerCheckSkipped) else { return .isolated }
        guard envs[env].libos.processes[to].ring.count < config.ringSize else { return .noSpace }
        enqueue(env, from: from, toEnv: env, to: to, payload: payload)
        if transfer { envs[env].libos.current = to }
        return .ok
    }

    /// Registers the frame holding the process's receive ring: other
    /// environments may send to the process only with a capability that
    /// passes this frame's ACL for writing. Refusals: `badEnv`, `badProcess`,
    /// `badFrame`, `notOwner`.
    public mutating func setRingFrame(_ env: Int, pid: Int, frame: UInt32) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, pid) else { return .badProcess }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard frames[f].state == .owned(env) else { return .notOwner }
        envs[env].libos.processes[pid].ringFrame = f
        return .ok
    }

    /// Sends to a process of another environment, writing into its ring
    /// frame: the sender presents the capability in `capSlot`, which must
    /// pass the ring frame's ACL for writing (the frame must still belong to
    /// the receiver). Refusals: `badEnv`, `badProcess`, `badSlot`,
    /// `badCapability`, `denied` (no ring frame, or the ACL check fails),
    /// `noSpace` (ring full).
    public mutating func ipcSendRemote(_ env: Int, from: Int, toEnv: Int, to: Int, payload: UInt8, capSlot: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env), envAlive(toEnv) else { return .badEnv }
        guard processAlive(env, from), processAlive(toEnv, to) else { return .badProcess }
        let (st, _, cap) = presented(env, capSlot)
        guard st == .ok else { return st }
        let rf = envs[toEnv].libos.processes[to].ringFrame
        guard rf >= 0, frames[rf].state == .owned(toEnv),
              cap.permits(aclName: frames[rf].aclName, aclRights: frames[rf].aclRights, requested: .write)
        else { return .denied }
        guard envs[toEnv].libos.processes[to].ring.count < config.ringSize else { return .noSpace }
        enqueue(env, from: from, toEnv: toEnv, to: to, payload: payload)
        return .ok
    }

    mutating func enqueue(_ env: Int, from: Int, toEnv: Int, to: Int, payload: UInt8) {
        let g = toEnv * config.maxProcesses + to
        let seq = envs[env].libos.processes[from].sendSeq[g]
        envs[env].libos.processes[from].sendSeq[g] = (seq + 1) % ipcModulus
        envs[toEnv].libos.processes[to].ring.append(IPCMessage(fromEnv: env, from: from, seq: seq, payload: payload))
    }

    /// Takes the oldest message from the process's ring. Refusals: `badEnv`,
    /// `badProcess`, `empty`.
    public mutating func ipcReceive(_ env: Int, pid: Int) -> (status: ExoStatus, message: IPCMessage?) {
        begin(clock)
        guard envAlive(env) else { return (.badEnv, nil) }
        guard processAlive(env, pid) else { return (.badProcess, nil) }
        guard let m = envs[env].libos.processes[pid].ring.first else { return (.empty, nil) }
        envs[env].libos.processes[pid].recvSeq[m.fromEnv * config.maxProcesses + m.from] = m.seq
        if !mutants.contains(.ipcDeliversTwice) { envs[env].libos.processes[pid].ring.removeFirst() }
        return (.ok, m)
    }
}
