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
        var port = EventPort()
        port.state = .unbound(remote: remote)
        port.accepts = remote
        tables[eventPorts, di, p] = port
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
        guard let rp = portIndex(remotePort) else { return (.einval, nil) }
        guard case .unbound(let reservedFor) = tables[eventPorts, ri, rp].state else { return (.einval, nil) }
        if reservedFor != d && !mutants.contains(.bindIgnoresReservation) { return (.einval, nil) }
        tables[eventPorts, ri, rp].state = .interdomain(remote: d, port: PortNumber(lp))
        var local = EventPort()
        local.state = .interdomain(remote: remote, port: remotePort)
        local.accepts = remote
        local.pending = true
        tables[eventPorts, di, lp] = local
        return (.okay, PortNumber(lp))
    }

    /// send: raises the event at the other end of `d`'s bound port (it
    /// becomes pending; it is an upcall only if unmasked there). Sending on
    /// an unbound port is silently dropped (`okay`). `esrch` if `d` is not
    /// alive, `einval` for a bad or free port.
    public mutating func send(_ d: DomID, port: PortNumber) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard let p = portIndex(port) else { return .einval }
        switch tables[eventPorts, di, p].state {
        case .free: return .einval
        case .unbound: return .okay
        case .interdomain(let r, let rp):
            // A port already pending stays as it is, unwritten (like
            // set_readonly's flags: a write would copy shared tables).
            if let ri = slot(r), let rpi = portIndex(rp), !tables[eventPorts, ri, rpi].pending {
                tables[eventPorts, ri, rpi].pending = true
            }
            return .okay
        }
    }

    /// close: frees `d`'s port; if it was bound, the remote end returns to
    /// unbound, reserved for `d`. `esrch` if `d` is not alive, `einval` for
    /// a bad or free port.
    public mutating func close(_ d: DomID, port: PortNumber) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard let p = portIndex(port), tables[eventPorts, di, p].state != .free else { return .einval }
        closePort(di, p)
        return .okay
    }

    /// Sets or clears the mask bit of one of `d`'s ports (`einval` for a bad
    /// or free port). Unmasking a pending port delivers it.
    public mutating func setMasked(_ d: DomID, port: PortNumber, masked: Bool) -> XenErrno {
        guard let di = alive(d) else { return .esrch }
        guard let p = portIndex(port), tables[eventPorts, di, p].state != .free else { return .einval }
        tables[eventPorts, di, p].masked = masked
        return .okay
    }

    /// The guest acknowledges an event: clears the pending bit. Returns
    /// whether it was pending (false also for a bad port or domain).
    public mutating func clearPending(_ d: DomID, port: PortNumber) -> Bool {
        guard let di = alive(d), let p = portIndex(port) else { return false }
        let was = tables[eventPorts, di, p].pending
        tables[eventPorts, di, p].pending = false
        return was
    }

    // MARK: helpers

    func freePort(_ di: Int) -> Int? {
        tables.firstIndex(eventPorts, inRow: di, where: { $0.state == .free })
    }

    mutating func closePort(_ di: Int, _ p: Int) {
        if case .interdomain(let r, let rp) = tables[eventPorts, di, p].state,
           let ri = slot(r), let rpi = portIndex(rp),
           tables[eventPorts, ri, rpi].state == .interdomain(remote: DomID(di), port: PortNumber(p)),
           !mutants.contains(.closeLeavesRemoteBound) {
            tables[eventPorts, ri, rpi].state = .unbound(remote: DomID(di))
            tables[eventPorts, ri, rpi].accepts = DomID(di)
        }
        tables[eventPorts, di, p] = EventPort()
    }
}
