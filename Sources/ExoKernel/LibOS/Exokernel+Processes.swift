import ExoCore

extension Exokernel {
    func processAlive(_ env: Int, _ pid: Int) -> Bool {
        envAlive(env) && pid >= 0 && pid < envs[env].libos.processes.count && envs[env].libos.processes[pid].alive
    }

    /// Starts a library-OS process in `container`; returns its pid (lowest
    /// free). Refusals: `badEnv`, `badOperand` (container), `noSpace`.
    public mutating func spawn(_ env: Int, container: Int) -> (status: ExoStatus, pid: Int) {
        begin(clock)
        guard envAlive(env) else { return (.badEnv, -1) }
        guard container >= 0, container < config.maxContainers else { return (.badOperand, -1) }
        guard let pid = envs[env].libos.processes.firstIndex(where: { !$0.alive }) else { return (.noSpace, -1) }
        resetProcess(env, pid)
        envs[env].libos.processes[pid].alive = true
        envs[env].libos.processes[pid].container = container
        return (.ok, pid)
    }

    /// Ends a process: its pages are unmapped and unbound, messages it sent
    /// that are still queued are dropped. Refusals: `badEnv`, `badProcess`.
    public mutating func exitProcess(_ env: Int, pid: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, pid) else { return .badProcess }
        for page in 0..<config.pagesPerProcess where envs[env].libos.processes[pid].pages[page].isMapped {
            unmapPage(env, pid: pid, page: page)
        }
        resetProcess(env, pid)
        if envs[env].libos.current == pid { envs[env].libos.current = -1 }
        return .ok
    }

    /// Clears a process slot and every other process's IPC state about it,
    /// in every environment.
    mutating func resetProcess(_ env: Int, _ pid: Int) {
        envs[env].libos.processes[pid] = LibProcess(pages: config.pagesPerProcess, peers: config.maxEnvs * config.maxProcesses)
        forgetPeer(env, pid)
    }

    /// Every other process drops queued messages from (`env`, `pid`) and
    /// restarts its sequence numbers with it.
    mutating func forgetPeer(_ env: Int, _ pid: Int) {
        let g = env * config.maxProcesses + pid
        for e in envs.indices where envAlive(e) {
            for q in envs[e].libos.processes.indices where !(e == env && q == pid) {
                envs[e].libos.processes[q].ring.removeAll { $0.fromEnv == env && $0.from == pid }
                envs[e].libos.processes[q].sendSeq[g] = 1
                envs[e].libos.processes[q].recvSeq[g] = 0
            }
        }
    }

    /// The library OS's scheduler: runs the next live process after the
    /// current one (round robin). Returns its pid. Refusals: `badEnv`, `empty`.
    public mutating func schedule(_ env: Int) -> (status: ExoStatus, pid: Int) {
        begin(clock)
        guard envAlive(env) else { return (.badEnv, -1) }
        let n = envs[env].libos.processes.count
        guard n > 0 else { return (.empty, -1) }
        for step in 1...n {
            let p = ((envs[env].libos.current + step) % n + n) % n
            if envs[env].libos.processes[p].alive {
                envs[env].libos.current = p
                return (.ok, p)
            }
        }
        return (.empty, -1)
    }

    /// Lets processes of container `from` send to, and share frames with,
    /// processes of container `to`. Refusals: `badEnv`, `badOperand`.
    public mutating func grantContainers(_ env: Int, from: Int, to: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        let c = config.maxContainers
        guard from >= 0, from < c, to >= 0, to < c else { return .badOperand }
        envs[env].libos.grants[from * c + to] = true
        return .ok
    }

    func containersMayTalk(_ env: Int, from: Int, to: Int) -> Bool {
        let c = config.maxContainers
        let a = envs[env].libos.processes[from].container, b = envs[env].libos.processes[to].container
        return a == b || envs[env].libos.grants[a * c + b]
    }
}
