/// Event channels: alloc_unbound, bind_interdomain, send, close, and the
/// guest's mask/unmask/acknowledge on its shared pending and mask bits.
extension Hypervisor {
    /// alloc_unbound: a fresh port of `d` that only `remote` may bind to.
    /// `esrch` if `d` is not alive or `remote` names no domain slot,
    /// `enospc` if `d` has no free port.
    public mutating func allocUnbound(_ d: DomID, remote: DomID) -> (status: XenErrno, port: PortNumber?) {
        guard let di = alive(d) else { return (.esrch, nil) }
        guard slot(remote) != nil else { return (.esrch, nil) }
        guard let p = freePort(di) else { return (.enospc, nil) }
        domains[di].ports[p] = EventPort()
        domains[di].ports[p].state = .unbound(remote: remote)
        domains[di].ports[p].accepts = remote
        return (.okay, PortNumber(p))
    }

    /// bind_interdomain: `d` connects a fresh local port to `remotePort` of
    /// `remote`, which must be unbound and reserved for `d` (`einval`
    /// otherwise, or for a bad port number). `esrch` if either domain is
    /// not alive, `enospc` if `d` has no free port. The new local port is
    /// set pending, since the peer may have signalled before the binding.
    public mutating func bindInterdomain(_ d: DomID, remote: DomID, remotePort: PortNumber) -> (status: XenErrno, port: PortNumber?) {
        guard let di = alive(d), let ri = alive(remote) else { return (.esrch, nil) }
        guard let lp = freePort(di) else { return (.enospc, nil) }
        guard Int(remotePort) < domains[ri].ports.count else { return (.einval, nil) }
        guard case .unbound(let reservedFor) = domains[ri].ports[Int(remotePort)].state else { return (.einval, nil) }
        if reservedFor != d && !mutants.contains(.bindIgnoresReservation) { return (.einval, nil) }
        domains[ri].ports[Int(remotePort)].state = .interdomain(remote: d, port: PortNumber(lp))
        var local = EventPort()
        local.state = .interdomain(remote: remote, port: remotePort)
        local.accepts = remote
        local.pending = true
        domains[di].ports[lp] = local
        return (.okay, PortNumber(lp))
    }

    /// send: raises the event at the other end of `d`'s bound port (it
    /// becomes pending; it is an upcall only if unmasked there). Sending on
    /// an unbound port is silently dropped (`okay`). `esrch` if `d` is not
    /// alive, `einval` for a bad or free port.
    public mutating func send(_ d: DomID, port: PortNumber) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard Int(port) < domains[di].ports.count else { return .einval }
        switch domains[di].ports[Int(port)].state {
        case .free: return .einval
        case .unbound: return .okay
        case .interdomain(let r, let rp):
            if let ri = slot(r), Int(rp) < domains[ri].ports.count { domains[ri].ports[Int(rp)].pending = true }
            return .okay
        }
    }

    /// close: frees `d`'s port; if it was bound, the remote end returns to
    /// unbound, reserved for `d`. `esrch` if `d` is not alive, `einval` for
    /// a bad or free port.
    public mutating func close(_ d: DomID, port: PortNumber) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard Int(port) < domains[di].ports.count, domains[di].ports[Int(port)].state != .free else { return .einval }
        closePort(di, Int(port))
        return .okay
    }

    /// Sets or clears the mask bit of one of `d`'s ports (`einval` for a bad
    /// or free port). Unmasking a pending port delivers it.
    public mutating func setMasked(_ d: DomID, port: PortNumber, masked: Bool) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard Int(port) < domains[di].ports.count, domains[di].ports[Int(port)].state != .free else { return .einval }
        domains[di].ports[Int(port)].masked = masked
        return .okay
    }

    /// The guest acknowledges an event: clears the pending bit. Returns
    /// whether it was pending (false also for a bad port or domain).
    public mutating func clearPending(_ d: DomID, port: PortNumber) -> Bool {
        guard let di = alive(d), Int(port) < domains[di].ports.count else { return false }
        let was = domains[di].ports[Int(port)].pending
        domains[di].ports[Int(port)].pending = false
        return was
    }

    // MARK: helpers

    func freePort(_ di: Int) -> Int? {
        domains[di].ports.firstIndex(where: { $0.state == .free })
    }

    mutating func closePort(_ di: Int, _ p: Int) {
        if case .interdomain(let r, let rp) = domains[di].ports[p].state,
           let ri = slot(r), Int(rp) < domains[ri].ports.count,
           domains[ri].ports[Int(rp)].state == .interdomain(remote: DomID(di), port: PortNumber(p)),
           !mutants.contains(.closeLeavesRemoteBound) {
            domains[ri].ports[Int(rp)].state = .unbound(remote: DomID(di))
            domains[ri].ports[Int(rp)].accepts = DomID(di)
        }
        domains[di].ports[p] = EventPort()
    }
}
