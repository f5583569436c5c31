/// GNTTABOP_copy.
extension Hypervisor {
    /// Domain `d` copies `length` bytes from `source` at `sourceOffset` to
    /// `dest` at `destOffset`. Neither side may cross its page
    /// (`bad_copy_arg`). A frame side must name the caller
    /// (`permission_denied`) and a frame it owns (`bad_page`). A grant side
    /// must name a live domain (`bad_domain`), a reference in its table
    /// (`bad_gntref`), and a permit_access entry for `d` on a frame its
    /// granter owns, not read-only when written to (`general_error`).
    ///
    /// The grant sides are pinned (host read for the source, host write for
    /// the destination) for the copy and unpinned after, with the busy bits
    /// recomputed from the pins that remain. Frame contents are not
    /// modelled: the copy's effect is on grant state only.
    public mutating func copy(_ d: DomID, source: CopyTarget, sourceOffset: UInt32,
                              dest: CopyTarget, destOffset: UInt32, length: UInt32) -> GrantStatus {
        guard alive(d) != nil else { return .badDomain }
        guard UInt64(sourceOffset) + UInt64(length) <= UInt64(xenPageSize),
              UInt64(destOffset) + UInt64(length) <= UInt64(xenPageSize) else { return .badCopyArg }
        let src = checkCopySide(d, source, write: false)
        guard src == .okay else { return src }
        let dst = checkCopySide(d, dest, write: true)
        guard dst == .okay else { return dst }

        // Acquire: pin the grant sides and set their busy bits; the bytes
        // move; release: unpin and recompute the busy bits.
        guard acquireCopy(d, source, write: false) else { return .generalError }
        guard acquireCopy(d, dest, write: true) else {
            releaseCopy(source, write: false)
            return .generalError
        }
        releaseCopy(source, write: false)
        releaseCopy(dest, write: true)
        return .okay
    }

    /// Pins a grant side of a copy (no-op for a frame side); false if the
    /// pin would overflow.
    mutating func acquireCopy(_ d: DomID, _ side: CopyTarget, write: Bool) -> Bool {
        guard case .grant(let g, let ref) = side else { return true }
        let gi = Int(g), r = Int(ref)
        var act = tables[activeEntries, gi, r]
        if !act.isActive { act.domid = d; act.frame = tables[grantEntries, gi, r].frame }
        guard act.pin(device: false, write: write) else { return false }
        tables[activeEntries, gi, r] = act
        tables[grantEntries, gi, r].flags.insert(write ? [.reading, .writing] : .reading)
        return true
    }

    /// Drops the pin a copy took on a grant side.
    mutating func releaseCopy(_ side: CopyTarget, write: Bool) {
        guard case .grant(let g, let ref) = side else { return }
        let gi = Int(g), r = Int(ref)
        tables[activeEntries, gi, r].unpin(device: false, write: write)
        refreshBusyBits(gi, r, hostPinsOnly: mutants.contains(.copyIgnoresDevicePins))
    }

    func checkCopySide(_ d: DomID, _ side: CopyTarget, write: Bool) -> GrantStatus {
        switch side {
        case .frame(let owner, let f):
            guard owner == d else { return .permissionDenied }
            return owns(Int(d), f) ? .okay : .badPage
        case .grant(let g, let ref):
            guard let gi = alive(g) else { return .badDomain }
            guard let r = entryIndex(gi, ref) else { return .badGntref }
            let entry = tables[grantEntries, gi, r]
            guard entry.flags.isPermitAccess, entry.domid == d else { return .generalError }
            if write && entry.flags.contains(.readonly) { return .generalError }
            let act = tables[activeEntries, gi, r]
            return owns(gi, act.isActive ? act.frame : entry.frame) ? .okay : .generalError
        }
    }
}
