import ExoCore

extension Exokernel {
    /// The pager maps `frame` at `page` of process `pid`: it asks the kernel
    /// for the secure binding (presenting `capSlot`) and, only if granted,
    /// writes its page table and gives the frame to that process. Refusals:
    /// `badEnv`, `badProcess`, `badOperand`, `badFrame`, `busy` (page mapped,
    /// or frame given to another process: use `share`), or the binding's refusal.
    public mutating func pagerMap(_ env: Int, pid: Int, page: Int, frame: UInt32, writable: Bool, capSlot: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, pid) else { return .badProcess }
        guard page >= 0, page < config.pagesPerProcess else { return .badOperand }
        guard let f = frameIndex(frame) else { return .badFrame }
        guard !envs[env].libos.processes[pid].pages[page].isMapped else { return .busy }
        let holder = envs[env].libos.holder[f]
        guard holder < 0 || holder == pid else { return .busy }
        let st = bind(env, vpage: vpage(pid: pid, page: page), frame: frame,
                      rights: writable ? [.read, .write] : .read, capSlot: capSlot)
        guard st == .ok || mutants.contains(.pagerMapsUnownedFrame) else { return st }
        var pte = PageTableEntry()
        pte.frame = f; pte.writable = writable; pte.capSlot = capSlot
        envs[env].libos.processes[pid].pages[page] = pte
        envs[env].libos.holder[f] = pid
        return .ok
    }

    /// The pager's answer to a page fault on a mapped page whose translation
    /// fell out of the software TLB: it presents the binding again.
    /// Refusals: `badEnv`, `badProcess`, `badOperand`, `empty` (page not
    /// mapped), or the binding's refusal.
    public mutating func pagerRefill(_ env: Int, pid: Int, page: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, pid) else { return .badProcess }
        guard page >= 0, page < config.pagesPerProcess else { return .badOperand }
        let pte = envs[env].libos.processes[pid].pages[page]
        guard pte.isMapped else { return .empty }
        return bind(env, vpage: vpage(pid: pid, page: page), frame: frames[pte.frame].machine,
                    rights: pte.writable ? [.read, .write] : .read, capSlot: pte.capSlot)
    }

    /// Unmaps a page of a process and unbinds it. Refusals: `badEnv`,
    /// `badProcess`, `badOperand`, `empty`.
    public mutating func pagerUnmap(_ env: Int, pid: Int, page: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, pid) else { return .badProcess }
        guard page >= 0, page < config.pagesPerProcess else { return .badOperand }
        guard envs[env].libos.processes[pid].pages[page].isMapped else { return .empty }
        unmapPage(env, pid: pid, page: page)
        return .ok
    }

    /// Shares the frame at `page` of process `from` into `toPage` of process
    /// `to`, explicitly, within the container rules. Refusals: `badEnv`,
    /// `badProcess`, `badOperand`, `empty` (source not mapped), `busy`
    /// (target mapped), `isolated`, `denied` (writable share of a read-only
    /// page), or the binding's refusal.
    public mutating func share(_ env: Int, from: Int, page: Int, to: Int, toPage: Int, writable: Bool) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard processAlive(env, from), processAlive(env, to) else { return .badProcess }
        guard page >= 0, page < config.pagesPerProcess, toPage >= 0, toPage < config.pagesPerProcess else { return .badOperand }
        let src = envs[env].libos.processes[from].pages[page]
        guard src.isMapped else { return .empty }
        guard !envs[env].libos.processes[to].pages[toPage].isMapped else { return .busy }
        guard containersMayTalk(env, from: from, to: to) || mutants.contains(.containerCheckSkipped) else { return .isolated }
        guard !writable || src.writable else { return .denied }
        let st = bind(env, vpage: vpage(pid: to, page: toPage), frame: frames[src.frame].machine,
                      rights: writable ? [.read, .write] : .read, capSlot: src.capSlot)
        guard st == .ok else { return st }
        var pte = PageTableEntry()
        pte.frame = src.frame; pte.writable = writable; pte.shared = true; pte.capSlot = src.capSlot
        envs[env].libos.processes[to].pages[toPage] = pte
        return .ok
    }

    mutating func unmapPage(_ env: Int, pid: Int, page: Int) {
        let v = vpage(pid: pid, page: page)
        removeBinding(env, vpage: v, flushTLB: !mutants.contains(.unbindKeepsTLBEntry))
        clearPageTableEntry(env, vpage: v)
    }

    /// Drops the page-table entry behind virtual page `vpage`, and the
    /// process's hold on the frame if it was the holder.
    mutating func clearPageTableEntry(_ env: Int, vpage: Int) {
        let pid = vpage / max(1, config.pagesPerProcess), page = vpage % max(1, config.pagesPerProcess)
        guard pid < envs[env].libos.processes.count else { return }
        let pte = envs[env].libos.processes[pid].pages[page]
        guard pte.isMapped else { return }
        if envs[env].libos.holder[pte.frame] == pid { envs[env].libos.holder[pte.frame] = -1 }
        envs[env].libos.processes[pid].pages[page] = PageTableEntry()
    }

    /// The library OS forgets a frame it is giving back: every page-table
    /// entry and binding of it in this environment goes.
    mutating func dropLibOSMappings(_ env: Int, frame f: Int) {
        for pid in envs[env].libos.processes.indices {
            for page in 0..<config.pagesPerProcess where envs[env].libos.processes[pid].pages[page].frame == f {
                unmapPage(env, pid: pid, page: page)
            }
        }
        envs[env].libos.holder[f] = -1
    }
}
