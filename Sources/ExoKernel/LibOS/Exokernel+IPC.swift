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
        let seq = envs[env].libos.processes[from].sendSeq[to]
        envs[env].libos.processes[from].sendSeq[to] = (seq + 1) % ipcModulus
        envs[env].libos.processes[to].ring.append(IPCMessage(from: from, seq: seq, payload: payload))
        if transfer { envs[env].libos.current = to }
        return .ok
    }

    /// Takes the oldest message from the process's ring. Refusals: `badEnv`,
    /// `badProcess`, `empty`.
    public mutating func ipcReceive(_ env: Int, pid: Int) -> (status: ExoStatus, message: IPCMessage?) {
        begin(clock)
        guard envAlive(env) else { return (.badEnv, nil) }
        guard processAlive(env, pid) else { return (.badProcess, nil) }
        guard let m = envs[env].libos.processes[pid].ring.first else { return (.empty, nil) }
        envs[env].libos.processes[pid].recvSeq[m.from] = m.seq
        if !mutants.contains(.ipcDeliversTwice) { envs[env].libos.processes[pid].ring.removeFirst() }
        return (.ok, m)
    }
}
