/// Domain destruction (domain_kill and relinquish_resources).
extension Hypervisor {
    /// Destroys domain `d`: it becomes dying; every foreign mapping it holds
    /// is released (pins and frame references dropped, the granters' busy
    /// bits recomputed, handles freed); every port is closed (bound peers
    /// return to unbound); every frame it owns goes back to the free pool,
    /// except frames that grant mappings still reference, which stay alive
    /// as released until the last mapping goes. When nothing of it is left
    /// alive it is dead. `esrch` if `d` is not alive.
    public mutating func destroyDomain(_ d: DomID) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        self[domain: di].lifecycle = .dying
        if !mutants.contains(.teardownSkipsMaptrack) {
            for h in 0..<maptrackEntries.width where tables[maptrackEntries, di, h].isLive {
                releaseMapping(di, h, parts: [.hostMap, .deviceMap])
            }
        }
        for p in 0..<eventPorts.width where tables[eventPorts, di, p].state != .free {
            closePort(di, p)
        }
        let pages = pageList(di)
        clearPageList(di)
        for f in pages {
            let fi = Int(f)
            if mutants.contains(.teardownLeaksFrames) && self[frame: fi].mapRefs == 0 { continue }
            releaseFrame(fi, from: d)
        }
        finishDyingIfDone(d)
        return .okay
    }

    /// A dying domain with no released frame and no pinned grant entry
    /// left becomes dead.
    mutating func finishDyingIfDone(_ d: DomID) {
        guard let di = slot(d), self[domain: di].lifecycle == .dying else { return }
        if tables.contains(activeEntries, inRow: di, where: { $0.isActive }) { return }
        if tables.contains(machineFrames, inRow: 0, where: { $0.state == .released(d) }) { return }
        self[domain: di].lifecycle = .dead
    }
}
