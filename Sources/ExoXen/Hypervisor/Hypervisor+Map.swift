/// map_grant_ref, unmap_grant_ref and unmap_and_replace.
extension Hypervisor {
    /// What map_grant_ref returns: a status, and on success the maptrack
    /// handle and, for a device mapping, the bus address (the frame).
    public struct MapResult: Equatable, Sendable {
        public var status: GrantStatus
        public var handle: GrantHandle?
        public var deviceFrame: FrameNumber?
    }

    /// map_grant_ref: domain `m` maps grant `ref` of domain `g`.
    ///
    /// `flags` must contain host_map and/or device_map (otherwise
    /// `bad_gntref`, as Xen answers); readonly asks for a read-only mapping.
    /// A host mapping goes at virtual page `hostAddr`, which must be in range
    /// and not hold another grant mapping of `m` (`bad_virt_addr`). Then, in
    /// Xen's order: `bad_domain` if either domain is not alive,
    /// `no_device_space` if `m`'s maptrack is full, `bad_gntref` for a
    /// reference beyond the table, `general_error` if the entry is not
    /// permit_access for `m`, is read-only and a write mapping was asked
    /// for, names a frame `g` does not own, or a pin would overflow.
    ///
    /// On success the entry's reading (and, for a write mapping, writing)
    /// bit is set, the matching host/device pins are taken, the frame gains
    /// one reference per mapped part, and a handle is returned.
    public mutating func mapGrantRef(_ m: DomID, granter g: DomID, ref: GrantRef,
                                     flags: MapFlags, hostAddr: VirtualPage = 0) -> MapResult {
        func fail(_ s: GrantStatus) -> MapResult { MapResult(status: s, handle: nil, deviceFrame: nil) }
        guard let mi = alive(m) else { return fail(.badDomain) }
        let host = flags.contains(.hostMap), device = flags.contains(.deviceMap)
        guard host || device else { return fail(.badGntref) }
        if host {
            guard Int(hostAddr) < config.virtualPages else { return fail(.badVirtAddr) }
            if hostAddrInUse(mi, hostAddr) { return fail(.badVirtAddr) }
        }
        guard let (gi, granter) = aliveRecord(g) else { return fail(.badDomain) }
        guard self[domain: mi].freeHandleCount > 0 else { return fail(.noDeviceSpace) }
        guard let r = entryIndex(in: granter, ref) else { return fail(.badGntref) }

        let write = !flags.contains(.readonly)
        let entry = tables[grantEntries, gi, r]
        var act = tables[activeEntries, gi, r]
        guard entry.flags.isPermitAccess else { return fail(.generalError) }
        if entry.domid != m && !mutants.contains(.mapIgnoresDomid) { return fail(.generalError) }
        if write && entry.flags.contains(.readonly) && !mutants.contains(.mapIgnoresReadonly) {
            return fail(.generalError)
        }
        let frame = act.isActive ? act.frame : entry.frame
        guard owns(gi, frame) else { return fail(.generalError) }
        if !act.isActive { act.domid = m; act.frame = frame }
        if host && !act.pin(device: false, write: write) { return fail(.generalError) }
        if device && !act.pin(device: true, write: write) { return fail(.generalError) }

        // Commit: busy bits, pins, frame references, maptrack handle.
        var busy = entry.flags
        busy.insert(.reading)
        if write { busy.insert(.writing) }
        tables[grantEntries, gi, r].flags = busy
        tables[activeEntries, gi, r] = act
        self[frame: Int(frame)].mapRefs += (host ? 1 : 0) + (device ? 1 : 0)
        let h = takeHandle(mi)!
        var slotEntry = MaptrackEntry()
        slotEntry.flags = flags.intersection([.hostMap, .deviceMap, .readonly])
        slotEntry.granter = g
        slotEntry.ref = ref
        slotEntry.hostAddr = host ? hostAddr : 0
        tables[maptrackEntries, mi, Int(h)] = slotEntry
        return MapResult(status: .okay, handle: h, deviceFrame: device ? frame : nil)
    }

    /// unmap_grant_ref: domain `m` unmaps the `parts` (host and/or device)
    /// of the mapping behind `handle`; parts it does not have are ignored.
    /// `hostAddr`/`devAddr`, when given, must match the mapping
    /// (`general_error` / `bad_dev_addr`). `bad_domain` if `m` is not alive,
    /// `bad_handle` for a handle that is out of range or not live,
    /// `general_error` if none of the requested parts is mapped.
    ///
    /// The pins of the unmapped parts and their frame references are
    /// dropped; writing is cleared when no write pin is left and reading
    /// when no pin is left; the handle is freed when its last part goes.
    public mutating func unmapGrantRef(_ m: DomID, handle: GrantHandle,
                                       parts: MapFlags = [.hostMap, .deviceMap],
                                       hostAddr: VirtualPage? = nil, devAddr: FrameNumber? = nil) -> GrantStatus {
        guard let mi = alive(m) else { return .badDomain }
        guard Int(handle) < maptrackEntries.width else { return .badHandle }
        let entry = tables[maptrackEntries, mi, Int(handle)]
        guard entry.isLive else { return .badHandle }
        let toUnmap = entry.flags.intersection(parts).intersection([.hostMap, .deviceMap])
        guard !toUnmap.isEmpty else { return .generalError }
        if let a = hostAddr, toUnmap.contains(.hostMap), a != entry.hostAddr { return .generalError }
        if let f = devAddr, toUnmap.contains(.deviceMap),
           f != mappedFrame(granter: entry.granter, ref: entry.ref) { return .badDevAddr }
        releaseMapping(mi, Int(handle), parts: toUnmap)
        return .okay
    }

    /// unmap_and_replace: domain `m` removes the host part of the mapping
    /// behind `handle` at `hostAddr` and moves its own page at `newAddr`
    /// there (the page-table move itself is the guest's business; the
    /// hypervisor's part is the grant release). `bad_handle` unless the
    /// handle is a live host mapping, `general_error` if `hostAddr` differs
    /// from the mapping's address or `newAddr` holds a grant mapping,
    /// `bad_virt_addr` if `newAddr` is out of range.
    public mutating func unmapAndReplace(_ m: DomID, handle: GrantHandle,
                                         hostAddr: VirtualPage, newAddr: VirtualPage) -> GrantStatus {
        guard let mi = alive(m) else { return .badDomain }
        guard Int(handle) < maptrackEntries.width else { return .badHandle }
        let entry = tables[maptrackEntries, mi, Int(handle)]
        guard entry.flags.contains(.hostMap) else { return .badHandle }
        guard entry.hostAddr == hostAddr else { return .generalError }
        guard Int(newAddr) < config.virtualPages else { return .badVirtAddr }
        if hostAddrInUse(mi, newAddr) { return .generalError }
        releaseMapping(mi, Int(handle), parts: .hostMap)
        return .okay
    }

    // MARK: shared helpers

    /// The frame an active grant entry pinned.
    func mappedFrame(granter: DomID, ref: GrantRef) -> FrameNumber? {
        guard let gi = slot(granter), Int(ref) < activeEntries.width else { return nil }
        let act = tables[activeEntries, gi, Int(ref)]
        return act.isActive ? act.frame : nil
    }

    func hostAddrInUse(_ mi: Int, _ addr: VirtualPage) -> Bool {
        tables.contains(maptrackEntries, inRow: mi) { $0.flags.contains(.hostMap) && $0.hostAddr == addr }
    }

    /// Releases `parts` of the mapping in slot `h` of domain index `mi`:
    /// unpins, recomputes the busy bits, drops frame references, frees the
    /// handle when nothing is left. Used by unmap, unmap_and_replace and
    /// domain destruction.
    mutating func releaseMapping(_ mi: Int, _ h: Int, parts: MapFlags) {
        var entry = tables[maptrackEntries, mi, h]
        let live = entry.flags.intersection([.hostMap, .deviceMap])
        let toUnmap = live.intersection(parts)
        guard !toUnmap.isEmpty, let gi = slot(entry.granter),
              Int(entry.ref) < activeEntries.width else { return }
        let r = Int(entry.ref)
        let write = !entry.flags.contains(.readonly)
        var act = tables[activeEntries, gi, r]
        let frame = act.frame
        var refs: UInt32 = 0
        if toUnmap.contains(.hostMap) { act.unpin(device: false, write: write); refs += 1 }
        if toUnmap.contains(.deviceMap) { act.unpin(device: true, write: write); refs += 1 }
        let partial = toUnmap != live
        if partial && mutants.contains(.partialUnmapDropsBothPins) {
            // The bug: the other part's pin goes too, though it stays mapped.
            act.unpin(device: !toUnmap.contains(.deviceMap), write: write)
        }
        tables[activeEntries, gi, r] = act
        refreshBusyBits(gi, r, hostPinsOnly: false)
        dropFrameRefs(frame, refs)

        entry.flags.subtract(toUnmap)
        if entry.isLive {
            tables[maptrackEntries, mi, h] = entry
            if mutants.contains(.partialUnmapFreesHandle) {
                pushFreeHandle(mi, GrantHandle(h))
            }
        } else {
            releaseHandle(mi, GrantHandle(h))
        }
        finishDyingIfDone(entry.granter)
    }

    /// Clears writing when no write pin is left and reading when no pin is
    /// left, as Xen does after an unmap or a copy. With `hostPinsOnly` only
    /// host pins are counted (the copy-ignores-device-pins bug).
    mutating func refreshBusyBits(_ gi: Int, _ r: Int, hostPinsOnly: Bool) {
        let act = tables[activeEntries, gi, r]
        var flags = tables[grantEntries, gi, r].flags
        guard flags.isPermitAccess else { return }
        let writePins = hostPinsOnly ? UInt32(act.hostWrite) : act.writePins
        let allPins = hostPinsOnly ? UInt32(act.hostRead) + UInt32(act.hostWrite) : act.totalPins
        if writePins == 0 { flags.remove(.writing) }
        if allPins == 0 { flags.remove(.reading) }
        tables[grantEntries, gi, r].flags = flags
    }
}
