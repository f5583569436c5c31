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
        for i in h.frameSlots {
            switch h[frame: i].state {
            case .free: break
            case .owned(let d): h[frame: i].state = .owned(r(d))
            case .released(let d): h[frame: i].state = .released(r(d))
            }
        }
        // Every per-domain table moves its rows the same way.
        func to(_ i: Int) -> Int { Int(r(DomID(i))) }
        let old = tables
        h.tables.permuteRows(old.layout.slots, from: old, to: to) { _ in }
        h.tables.permuteRows(pageLists, from: old, to: to) { _ in }
        h.tables.permuteRows(grantEntries, from: old, to: to) { $0.domid = r($0.domid) }
        h.tables.permuteRows(activeEntries, from: old, to: to) { $0.domid = r($0.domid) }
        h.tables.permuteRows(maptrackEntries, from: old, to: to) { $0.granter = r($0.granter) }
        h.tables.permuteRows(maptrackFree, from: old, to: to) { _ in }
        h.tables.permuteRows(eventPorts, from: old, to: to) { port in
            switch port.state {
            case .free: break
            case .unbound(let remote): port.state = .unbound(remote: r(remote))
            case .interdomain(let remote, let p): port.state = .interdomain(remote: r(remote), port: p)
            }
            port.accepts = r(port.accepts)
        }
        return h
    }
}
