/// Domain lifecycle and the memory reservation (populate_physmap and
/// decrease_reservation at the granularity of single frames).
extension Hypervisor {
    /// Creates a domain in slot `d` (the toolstack's domain_create).
    /// `maxPages` is its reservation limit; `addressLimit` the first frame
    /// number it cannot address (nil: it addresses every frame).
    /// Fails with `einval` for a bad or occupied slot.
    public mutating func createDomain(_ d: DomID, maxPages: UInt32, addressLimit: FrameNumber? = nil) -> XenErrno {
        guard let i = slot(d), self[domain: i].lifecycle == .absent else { return .einval }
        resetSlot(i)
        self[domain: i].lifecycle = .created
        self[domain: i].maxPages = maxPages
        self[domain: i].addressLimit = addressLimit ?? FrameNumber(config.frames)
        return .okay
    }

    /// Unpauses a created domain (`esrch` if it is not in the created state).
    public mutating func unpause(_ d: DomID) -> XenErrno {
        guard let i = slot(d), self[domain: i].lifecycle == .created else { return .esrch }
        self[domain: i].lifecycle = .running
        return .okay
    }

    /// Gives domain `d` the free frame `frame` (populate_physmap of one
    /// extent at a chosen frame, so that a spec can branch over "any free
    /// frame"). `esrch` for a domain that is not alive, `einval` for a frame
    /// out of range, `ebusy` if the frame is not free, `enomem` at the
    /// domain's page limit.
    public mutating func populate(_ d: DomID, frame: FrameNumber) -> XenErrno {
        guard let i = alive(d) else { return .esrch }
        guard let fi = frameIndex(frame) else { return .einval }
        guard self[frame: fi].state == .free else { return .ebusy }
        guard !pageListFull(i) else { return .enomem }
        self[frame: fi].state = .owned(d)
        insertPage(i, frame)
        return .okay
    }

    /// Gives domain `d` the lowest free frame and returns it.
    public mutating func populateAny(_ d: DomID) -> (status: XenErrno, frame: FrameNumber?) {
        guard alive(d) != nil else { return (.esrch, nil) }
        guard let f = firstFreeFrame() else { return (.enomem, nil) }
        let rc = populate(d, frame: f)
        return (rc, rc == .okay ? f : nil)
    }

    /// Domain `d` gives up frame `frame` (decrease_reservation of one
    /// extent). The frame goes back to the free pool, unless grant mappings
    /// still reference it: then it stays alive as released and is freed when
    /// the last mapping goes. `esrch` for a domain that is not alive, `eperm`
    /// if the frame is not `d`'s.
    public mutating func decreaseReservation(_ d: DomID, frame: FrameNumber) -> XenErrno {
        guard let i = alive(d) else { return .esrch }
        guard owns(i, frame) else { return .eperm }
        removePage(i, frame)
        releaseFrame(Int(frame), from: d)
        return .okay
    }

    // MARK: helpers

    func firstFreeFrame() -> FrameNumber? {
        tables.firstIndex(machineFrames, inRow: 0, where: { $0.state == .free }).map { FrameNumber($0) }
    }

    /// Drops an owner's claim on a frame: free if nothing references it,
    /// released (alive, unusable) otherwise.
    mutating func releaseFrame(_ fi: Int, from d: DomID) {
        if self[frame: fi].mapRefs == 0 || mutants.contains(.freeWhileMapped) {
            self[frame: fi].state = .free
        } else {
            self[frame: fi].state = .released(d)
        }
    }

    /// Drops `count` mapping references from a frame; a released frame whose
    /// last reference goes returns to the free pool, and a dying domain that
    /// has nothing left alive becomes dead.
    mutating func dropFrameRefs(_ f: FrameNumber, _ count: UInt32) {
        guard let fi = frameIndex(f) else { return }
        self[frame: fi].mapRefs = self[frame: fi].mapRefs >= count ? self[frame: fi].mapRefs - count : 0
        if self[frame: fi].mapRefs == 0, case .released(let d) = self[frame: fi].state {
            self[frame: fi].state = .free
            finishDyingIfDone(d)
        }
    }
}
