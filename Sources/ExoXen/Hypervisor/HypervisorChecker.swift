import ExoCore

/// The hypervisor's invariants, checked apart from the code that maintains
/// them: the checker re-derives what must hold from the state alone (it
/// recounts pins and references from the maptracks, ownership from the page
/// lists) and compares, in the spirit of TigerBeetle's state checker.
extension Hypervisor {
    /// Appends every violated hypervisor invariant to `out`, in a fixed order.
    public func checkInvariants(into out: inout [Violation]) {
        // Scratch counts live on the stack: checking a state allocates
        // nothing unless something is reported.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: frameCount) { listed in
            listed.initialize(repeating: 0)
            pageListCounts(listed, into: &out)
            checkFrameConservation(UnsafeBufferPointer(listed), into: &out)
            checkMappings(into: &out)
            checkTransfers(UnsafeBufferPointer(listed), into: &out)
        }
        checkEventChannels(into: &out)
        checkTeardown(into: &out)
    }

    /// The hypervisor's violations as a fresh array.
    public var violations: [Violation] {
        var out: [Violation] = []
        checkInvariants(into: &out)
        return out
    }

    // MARK: frame-conservation

    /// Counts into `listed` how many page lists each frame is on (bad entries reported).
    private func pageListCounts(_ listed: UnsafeMutableBufferPointer<UInt32>, into out: inout [Violation]) {
        for d in domainSlots {
            var previous: FrameNumber? = nil
            for k in 0..<Int(self[domain: d].pageCount) {
                let f = tables[pageLists, d, k]
                guard Int(f) < frameCount else {
                    out.append(Violation(XenInvariants.frameConservation, "d\(d)'s page list names frame \(f), which does not exist"))
                    continue
                }
                if let p = previous, p >= f {
                    out.append(Violation(XenInvariants.frameConservation, "d\(d)'s page list is not strictly ascending at frame \(f)"))
                }
                previous = f
                listed[Int(f)] += 1
            }
        }
    }

    private func checkFrameConservation(_ listed: UnsafeBufferPointer<UInt32>, into out: inout [Violation]) {
        let name = XenInvariants.frameConservation
        for f in frameSlots {
            switch self[frame: f].state {
            case .free:
                if listed[f] != 0 { out.append(Violation(name, "frame \(f) is free but on \(listed[f]) page list(s)")) }
            case .owned(let d):
                let onOwner = Int(d) < config.maxDomains && pageListContains(Int(d), FrameNumber(f))
                if !onOwner { out.append(Violation(name, "frame \(f) is owned by d\(d) but not on its page list")) }
                if listed[f] > 1 { out.append(Violation(name, "frame \(f) is on \(listed[f]) page lists")) }
            case .released(let d):
                if listed[f] != 0 { out.append(Violation(name, "frame \(f) was released by d\(d) but is on \(listed[f]) page list(s)")) }
                if self[frame: f].mapRefs == 0 { out.append(Violation(name, "frame \(f) was released by d\(d), nothing references it, yet it is not free")) }
            }
        }
    }

    // MARK: grant-authorized, grant-readonly, no-reuse-while-mapped, maptrack-consistency

    private struct PinCount { var hr: UInt32 = 0, hw: UInt32 = 0, dr: UInt32 = 0, dw: UInt32 = 0 }

    private func checkMappings(into out: inout [Violation]) {
        let cap = config.maxGrantEntries
        let slots = maptrackEntries.width
        withUnsafeTemporaryAllocation(of: PinCount.self, capacity: config.maxDomains * cap) { pins in
            pins.initialize(repeating: PinCount())
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: frameCount) { refs in
                refs.initialize(repeating: 0)
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: slots) { onFreeList in
                    checkMappings(pins: pins, refs: refs, onFreeList: onFreeList, into: &out)
                }
            }
        }
    }

    /// `checkMappings` over zeroed scratch: `pins` per (granter, ref),
    /// `refs` per frame, `onFreeList` per maptrack slot (reset per domain).
    private func checkMappings(pins: UnsafeMutableBufferPointer<PinCount>, refs: UnsafeMutableBufferPointer<UInt32>,
                               onFreeList: UnsafeMutableBufferPointer<Bool>, into out: inout [Violation]) {
        let cap = config.maxGrantEntries
        let mc = XenInvariants.maptrackConsistency

        let slots = maptrackEntries.width
        for m in domainSlots {
            // Free list: each free handle exactly once, no live handle.
            onFreeList.initialize(repeating: false)
            for k in 0..<Int(self[domain: m].freeHandleCount) {
                let h = tables[maptrackFree, m, k]
                guard Int(h) < slots else {
                    out.append(Violation(mc, "d\(m)'s maptrack free list holds handle \(h), out of range")); continue
                }
                if onFreeList[Int(h)] { out.append(Violation(mc, "d\(m)'s handle \(h) is on the free list twice (freed twice)")) }
                onFreeList[Int(h)] = true
                if tables[maptrackEntries, m, Int(h)].isLive { out.append(Violation(mc, "d\(m)'s handle \(h) is on the free list while still mapped")) }
            }
            for h in 0..<slots where !tables[maptrackEntries, m, h].isLive && !onFreeList[h] {
                out.append(Violation(mc, "d\(m)'s handle \(h) is neither live nor free (leaked)"))
            }

            for h in 0..<slots where tables[maptrackEntries, m, h].isLive {
                let e = tables[maptrackEntries, m, h]
                // Only spelled out when something is reported.
                func what() -> String { "d\(m) handle \(h) (d\(e.granter) ref \(e.ref))" }
                guard Int(e.granter) < config.maxDomains, Int(e.ref) < cap else {
                    out.append(Violation(XenInvariants.grantAuthorized, "\(what()) names no grant entry")); continue
                }
                let g = Int(e.granter), r = Int(e.ref)
                let write = !e.flags.contains(.readonly)
                var p = pins[g * cap + r]
                if e.flags.contains(.hostMap) { if write { p.hw += 1 } else { p.hr += 1 } }
                if e.flags.contains(.deviceMap) { if write { p.dw += 1 } else { p.dr += 1 } }
                pins[g * cap + r] = p

                let entry = tables[grantEntries, g, r]
                let act = tables[activeEntries, g, r]
                let parts: UInt32 = (e.flags.contains(.hostMap) ? 1 : 0) + (e.flags.contains(.deviceMap) ? 1 : 0)
                if Int(act.frame) < frameCount { refs[Int(act.frame)] += parts }

                // grant-authorized: a live permit_access entry naming this mapper and frame.
                if !entry.flags.isPermitAccess {
                    out.append(Violation(XenInvariants.grantAuthorized, "\(what()) is live but the grant entry is no longer permit_access (flags \(entry.flags.rawValue))"))
                } else if entry.domid != DomID(m) {
                    out.append(Violation(XenInvariants.grantAuthorized, "\(what()) is live but the grant entry names d\(entry.domid)"))
                } else if entry.frame != act.frame {
                    out.append(Violation(XenInvariants.grantAuthorized, "\(what()) maps frame \(act.frame) but the grant entry names frame \(entry.frame)"))
                }
                // grant-readonly.
                if write && entry.flags.contains(.readonly) {
                    out.append(Violation(XenInvariants.grantReadonly, "\(what()) is a writable mapping of a read-only grant"))
                }
                // no-reuse-while-mapped: the frame is alive and still the granter's.
                if Int(act.frame) < frameCount {
                    switch self[frame: Int(act.frame)].state {
                    case .free:
                        out.append(Violation(XenInvariants.noReuseWhileMapped, "\(what()) maps frame \(act.frame), which is in the free pool"))
                    case .owned(let o) where o != e.granter, .released(let o) where o != e.granter:
                        out.append(Violation(XenInvariants.noReuseWhileMapped, "\(what()) maps frame \(act.frame), which now belongs to d\(o)"))
                    default: break
                    }
                }
            }
        }

        // Pins equal the live handles; busy bits agree with pins.
        for g in domainSlots {
            for r in 0..<cap {
                let act = tables[activeEntries, g, r]
                let p = pins[g * cap + r]
                if UInt32(act.hostRead) != p.hr || UInt32(act.hostWrite) != p.hw
                    || UInt32(act.deviceRead) != p.dr || UInt32(act.deviceWrite) != p.dw {
                    out.append(Violation(mc, "d\(g) ref \(r) pins (host r/w \(act.hostRead)/\(act.hostWrite), device r/w \(act.deviceRead)/\(act.deviceWrite)) differ from the live mappings (host r/w \(p.hr)/\(p.hw), device r/w \(p.dr)/\(p.dw))"))
                }
                let flags = tables[grantEntries, g, r].flags
                guard flags.isPermitAccess else { continue }
                let allPins = p.hr + p.hw + p.dr + p.dw, writePins = p.hw + p.dw
                if flags.contains(.reading) != (allPins > 0) {
                    out.append(Violation(mc, "d\(g) ref \(r) reading bit is \(flags.contains(.reading)) with \(allPins) live mapping pin(s)"))
                }
                if flags.contains(.writing) != (writePins > 0) {
                    out.append(Violation(mc, "d\(g) ref \(r) writing bit is \(flags.contains(.writing)) with \(writePins) live writable pin(s)"))
                }
            }
        }
        // Frame references equal the live mapping parts.
        for f in frameSlots where self[frame: f].mapRefs != refs[f] {
            out.append(Violation(mc, "frame \(f) holds \(self[frame: f].mapRefs) mapping reference(s) but \(refs[f]) live mapping part(s) reach it"))
        }
    }

    // MARK: transfer-once

    private func checkTransfers(_ listed: UnsafeBufferPointer<UInt32>, into out: inout [Violation]) {
        for r in domainSlots {
            for k in 0..<grantEntries.width where tables[grantEntries, r, k].flags.isAcceptTransfer {
                let e = tables[grantEntries, r, k]
                guard e.flags.contains(.transferCompleted) else { continue }
                let what = "d\(r) accept_transfer ref \(k)"
                if !e.flags.contains(.transferCommitted) {
                    out.append(Violation(XenInvariants.transferOnce, "\(what) is completed but was never committed"))
                }
                guard Int(e.frame) < frameCount else {
                    out.append(Violation(XenInvariants.transferOnce, "\(what) received frame \(e.frame), which does not exist")); continue
                }
                // Once the receiver gives the frame up it may legitimately go
                // elsewhere; while it is the receiver's, nobody else holds it.
                guard self[frame: Int(e.frame)].state == .owned(DomID(r)) else { continue }
                let onReceiverList = pageListContains(r, e.frame)
                if !onReceiverList {
                    out.append(Violation(XenInvariants.transferOnce, "\(what) received frame \(e.frame), which is not on its page list"))
                }
                let onReceiver: UInt32 = onReceiverList ? 1 : 0
                if listed[Int(e.frame)] > onReceiver {
                    out.append(Violation(XenInvariants.transferOnce, "\(what) received frame \(e.frame), which is still on another domain's page list"))
                }
            }
        }
    }

    // MARK: evtchn-isolation

    private func checkEventChannels(into out: inout [Violation]) {
        let name = XenInvariants.evtchnIsolation
        for d in domainSlots {
            for p in 0..<eventPorts.width {
                let port = tables[eventPorts, d, p]
                switch port.state {
                case .free:
                    break
                case .unbound(let remote):
                    if port.accepts != remote { out.append(Violation(name, "d\(d) port \(p) is reserved for d\(remote) but accepts d\(port.accepts)")) }
                case .interdomain(let r, let q):
                    if port.accepts != r {
                        out.append(Violation(name, "d\(d) port \(p) accepted only d\(port.accepts) but is bound to d\(r)"))
                    }
                    guard Int(r) < config.maxDomains, let qi = portIndex(q) else {
                        out.append(Violation(name, "d\(d) port \(p) is bound to d\(r) port \(q), which does not exist")); continue
                    }
                    let peer = tables[eventPorts, Int(r), qi]
                    if peer.state != .interdomain(remote: DomID(d), port: PortNumber(p)) {
                        out.append(Violation(name, "d\(d) port \(p) is bound to d\(r) port \(q), which is not bound back to it"))
                    }
                }
            }
        }
    }

    // MARK: teardown-complete

    private func checkTeardown(into out: inout [Violation]) {
        let name = XenInvariants.teardownComplete
        for d in domainSlots {
            let dom = self[domain: d]
            switch dom.lifecycle {
            case .dying, .dead:
                var live = 0
                for h in 0..<maptrackEntries.width where tables[maptrackEntries, d, h].isLive { live += 1 }
                if live > 0 { out.append(Violation(name, "\(dom.lifecycle) d\(d) still holds \(live) foreign mapping(s)")) }
                if let p = tables.firstIndex(eventPorts, inRow: d, where: { $0.state != .free }) {
                    out.append(Violation(name, "\(dom.lifecycle) d\(d) still has port \(p) open"))
                }
                if dom.pageCount > 0 { out.append(Violation(name, "\(dom.lifecycle) d\(d) still has \(dom.pageCount) frame(s) on its page list")) }
                if let f = tables.firstIndex(machineFrames, inRow: 0, where: { $0.state == .owned(DomID(d)) }) {
                    out.append(Violation(name, "\(dom.lifecycle) d\(d) still owns frame \(f)"))
                }
                if dom.lifecycle == .dead {
                    if let f = tables.firstIndex(machineFrames, inRow: 0, where: { $0.state == .released(DomID(d)) }) {
                        out.append(Violation(name, "dead d\(d) still has frame \(f) alive"))
                    }
                    if let r = tables.firstIndex(activeEntries, inRow: d, where: { $0.isActive }) {
                        out.append(Violation(name, "dead d\(d) still has grant ref \(r) pinned"))
                    }
                }
            case .absent, .created, .running:
                break
            }
        }
    }
}
