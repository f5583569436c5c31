/// What a granting guest does to its own shared grant table, and the table
/// size operations (setup_table, query_size). A guest writes its entries
/// directly in shared memory; these methods are those writes, with the
/// compare-and-swap discipline Xen requires of guests.
extension Hypervisor {
    /// setup_table: grows `d`'s grant table to `nrFrames` frames (a table
    /// never shrinks). `bad_domain` for a domain that is not alive,
    /// `general_error` beyond the maximum size.
    public mutating func setupTable(_ d: DomID, nrFrames: UInt32) -> GrantStatus {
        guard let i = alive(d) else { return .badDomain }
        guard nrFrames <= UInt32(config.maxGrantFrames) else { return .generalError }
        if nrFrames > self[domain: i].nrGrantFrames { self[domain: i].nrGrantFrames = nrFrames }
        return .okay
    }

    /// query_size: the current and maximum table size of `d`, in frames.
    public func querySize(_ d: DomID) -> (status: GrantStatus, nrFrames: UInt32, maxFrames: UInt32) {
        guard let i = alive(d) else { return (.badDomain, 0, 0) }
        return (.okay, self[domain: i].nrGrantFrames, UInt32(config.maxGrantFrames))
    }

    /// The granting guest publishes a permit_access entry: it writes domid
    /// and frame, then (after a barrier) the flags. The entry must be unused
    /// (type invalid, no busy bit): `general_error` otherwise. The frame is
    /// not checked here; map_grant_ref checks it belongs to the granter.
    public mutating func grantAccess(_ g: DomID, ref: GrantRef, to grantee: DomID,
                                     frame: FrameNumber, readonly: Bool) -> GrantStatus {
        guard let (i, record) = aliveRecord(g) else { return .badDomain }
        guard let r = entryIndex(in: record, ref) else { return .badGntref }
        guard tables[grantEntries, i, r].flags.rawValue == 0 else { return .generalError }
        tables[grantEntries, i, r].domid = grantee
        tables[grantEntries, i, r].frame = frame
        tables[grantEntries, i, r].flags = readonly ? [.permitAccess, .readonly] : [.permitAccess]
        return .okay
    }

    /// The receiving guest offers an accept_transfer entry: `from` may
    /// transfer one frame into it. Same preconditions as `grantAccess`.
    public mutating func grantTransfer(_ r: DomID, ref: GrantRef, from sender: DomID) -> GrantStatus {
        guard let (i, record) = aliveRecord(r) else { return .badDomain }
        guard let k = entryIndex(in: record, ref) else { return .badGntref }
        guard tables[grantEntries, i, k].flags.rawValue == 0 else { return .generalError }
        tables[grantEntries, i, k].domid = sender
        tables[grantEntries, i, k].frame = 0
        tables[grantEntries, i, k].flags = .acceptTransfer
        return .okay
    }

    /// Ends foreign access to a permit_access entry: a compare-and-swap of
    /// the flags to zero that succeeds only while neither reading nor
    /// writing is set. Returns `eagain` while the entry is in use (the guest
    /// must wait for the mapper to unmap), `okay` once it is invalid (also
    /// when it already was), `general_error` for a transfer entry.
    public mutating func endAccess(_ g: DomID, ref: GrantRef) -> GrantStatus {
        guard let (i, record) = aliveRecord(g) else { return .badDomain }
        guard let r = entryIndex(in: record, ref) else { return .badGntref }
        let flags = tables[grantEntries, i, r].flags
        if flags.isAcceptTransfer { return .generalError }
        if flags.isBusy && !mutants.contains(.endAccessWhileMapped) { return .eagain }
        // Only the flags matter once invalid; clearing domid and frame too
        // keeps equivalent states equal.
        tables[grantEntries, i, r] = GrantEntry()
        return .okay
    }

    /// Changes the guest's read-only bit on a permit_access entry. Making
    /// it writable is a plain bit clear; making it read-only is a
    /// compare-and-swap that fails with `eagain` while writing is set.
    public mutating func setGrantReadonly(_ g: DomID, ref: GrantRef, readonly: Bool) -> GrantStatus {
        guard let (i, record) = aliveRecord(g) else { return .badDomain }
        guard let r = entryIndex(in: record, ref) else { return .badGntref }
        var flags = tables[grantEntries, i, r].flags
        guard flags.isPermitAccess else { return .generalError }
        if readonly {
            if flags.contains(.writing) && !mutants.contains(.readonlyDowngradeIgnoresWriting) { return .eagain }
            flags.insert(.readonly)
        } else {
            flags.remove(.readonly)
        }
        // Unchanged flags are not written back: a write would copy tables
        // the state shares, and the explorer recognises an unchanged
        // successor by its shared buffers.
        if flags != tables[grantEntries, i, r].flags { tables[grantEntries, i, r].flags = flags }
        return .okay
    }

    /// The receiver finishes with an accept_transfer entry. If no transfer
    /// was committed the offer is withdrawn (`okay`, no frame); if one
    /// completed, the entry is cleared and the frame received is returned.
    /// `general_error` if the entry is not an accept_transfer entry.
    public mutating func endTransfer(_ r: DomID, ref: GrantRef) -> (status: GrantStatus, frame: FrameNumber?) {
        guard let (i, record) = aliveRecord(r) else { return (.badDomain, nil) }
        guard let k = entryIndex(in: record, ref) else { return (.badGntref, nil) }
        let e = tables[grantEntries, i, k]
        guard e.flags.isAcceptTransfer else { return (.generalError, nil) }
        tables[grantEntries, i, k] = GrantEntry()
        return (.okay, e.flags.contains(.transferCompleted) ? e.frame : nil)
    }
}
