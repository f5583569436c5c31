/// Domain renaming, for symmetry reduction: identical guests are
/// interchangeable, so a state and the state with two of them swapped behave
/// alike. The explorer fingerprints one canonical member of each class.
extension Hypervisor {
    /// This hypervisor with every domain id `d` replaced by `perm[d]` (ids
    /// beyond `perm` are kept): the domain slots move, and so does every
    /// reference to a domain — frame owners, grant entries, active entries,
    /// maptrack entries, event-channel ports.
    ///
    /// `perm` must be a permutation of `0..<perm.count`. Fields that are
    /// reset to zero when unused (an invalid grant entry's domid, a free
    /// port's bookkeeping) are renamed too, so callers must keep domain 0
    /// fixed (`perm[0] == 0`) for the result to be a state the hypervisor
    /// can actually reach.
    public func renamingDomains(_ perm: [DomID]) -> Hypervisor {
        precondition(perm.isEmpty || perm[0] == 0, "renaming must keep domain 0 fixed")
        func r(_ d: DomID) -> DomID { Int(d) < perm.count ? perm[Int(d)] : d }
        var h = self
        for i in h.frames.indices {
            switch h.frames[i].state {
            case .free: break
            case .owned(let d): h.frames[i].state = .owned(r(d))
            case .released(let d): h.frames[i].state = .released(r(d))
            }
        }
        var moved = h.domains
        for (i, old) in domains.enumerated() {
            var d = old
            for k in d.grantTable.entries.indices { d.grantTable.entries[k].domid = r(d.grantTable.entries[k].domid) }
            for k in d.grantTable.active.indices { d.grantTable.active[k].domid = r(d.grantTable.active[k].domid) }
            for k in d.maptrack.entries.indices { d.maptrack.entries[k].granter = r(d.maptrack.entries[k].granter) }
            for k in d.ports.indices {
                switch d.ports[k].state {
                case .free: break
                case .unbound(let remote): d.ports[k].state = .unbound(remote: r(remote))
                case .interdomain(let remote, let p): d.ports[k].state = .interdomain(remote: r(remote), port: p)
                }
                d.ports[k].accepts = r(d.ports[k].accepts)
            }
            moved[Int(r(DomID(i)))] = d
        }
        h.domains = moved
        return h
    }
}
