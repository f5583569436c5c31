/// GNTTABOP_transfer: page ownership moves from one domain to another.
extension Hypervisor {
    /// Domain `d` gives its frame `frame` to domain `r`, which must have
    /// offered the accept_transfer entry `ref` naming `d`.
    ///
    /// Refusals that leave the frame with `d`: `bad_domain` if `d` is not
    /// alive, `bad_page` if the frame is not `d`'s or is still referenced
    /// by grant mappings, `address_too_big` if `r` cannot address it. Once
    /// the frame is taken from `d` it is lost to `d` even if the transfer
    /// then fails (Xen frees it): `bad_domain` if `r` is not alive,
    /// `bad_gntref` for a reference beyond `r`'s table, `general_error` if
    /// the entry is not an uncommitted accept_transfer entry for `d` or `r`
    /// is at its page limit. On success the frame is `r`'s, the entry holds
    /// it, and its transfer-committed and transfer-completed bits are set.
    public mutating func transfer(_ d: DomID, frame: FrameNumber, to r: DomID, ref: GrantRef) -> GrantStatus {
        guard let di = alive(d) else { return .badDomain }
        guard owns(di, frame) else { return .badPage }
        let fi = Int(frame)
        if self[frame: fi].mapRefs > 0 && !mutants.contains(.transferStealsMappedFrame) { return .badPage }
        if let ri = alive(r), frame >= self[domain: ri].addressLimit { return .addressTooBig }

        // Steal the page from the sender.
        if !mutants.contains(.transferLeavesSenderOwner) { removePage(di, frame) }
        func lose(_ s: GrantStatus) -> GrantStatus {
            self[frame: fi].state = .free
            return s
        }
        guard let ri = alive(r) else { return lose(.badDomain) }
        guard let k = entryIndex(ri, ref) else { return lose(.badGntref) }
        let entry = tables[grantEntries, ri, k]
        guard entry.flags == .acceptTransfer, entry.domid == d else { return lose(.generalError) }
        guard !pageListFull(ri) else { return lose(.generalError) }

        self[frame: fi].state = .owned(r)
        insertPage(ri, frame)
        tables[grantEntries, ri, k].frame = frame
        tables[grantEntries, ri, k].flags.insert(.transferCommitted)
        tables[grantEntries, ri, k].flags.insert(.transferCompleted)
        return .okay
    }
}
