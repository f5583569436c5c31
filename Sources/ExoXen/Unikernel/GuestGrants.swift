import ExoCore

/// A guest-side grant library in the manner of MirageOS's Gntshr/Gnttab,
/// for one domain: a pool of frame-backed heap pages it can share, the
/// grant references it has handed out, and the foreign pages it has mapped
/// into its I/O slots.
///
/// Sharing: `grantAccess`/`share` publish an entry; `tryEndAccess` fails
/// with `busy` while the peer maps the page; `unshare` ends access and only
/// then returns the page to the pool. A correct guest never calls
/// `freePage` on a page it still shares; a buggy one (modelled by the
/// caller, or the `guest-reuses-busy-page` mutant) does.
public struct GuestGrants: Equatable, Codable, Sendable, CanonicalEncodable {
    /// What a pool page is used for.
    public enum Use: Equatable, Codable, Sendable {
        case free
        case inUse
        case shared(ref: GrantRef)
    }

    /// One frame-backed page of the heap pool.
    public struct PoolPage: Equatable, Codable, Sendable {
        public var vpage: VirtualPage
        public var frame: FrameNumber
        public var use: Use
    }

    /// A foreign page mapped into this domain.
    public struct Import: Equatable, Codable, Sendable {
        public var handle: GrantHandle
        public var granter: DomID
        public var ref: GrantRef
        public var vpage: VirtualPage
        public var writable: Bool
    }

    public let dom: DomID
    public let mutants: XenMutants
    public private(set) var pool: [PoolPage]
    /// Grant references the library may use (the guest's own allocation of
    /// its table), and which of them it has handed out.
    public private(set) var refInUse: [Bool]
    /// The virtual pages reserved for foreign mappings.
    public let ioSlots: [VirtualPage]
    /// Live imports, ascending by handle.
    public private(set) var imports: [Import] = []

    /// A library over `pool` (heap pages and the frames behind them), with
    /// `refs` grant references and the I/O slots `ioSlots`.
    public init(dom: DomID, pool: [(vpage: VirtualPage, frame: FrameNumber)], refs: Int,
                ioSlots: [VirtualPage], mutants: XenMutants = []) {
        self.dom = dom
        self.mutants = mutants
        self.pool = pool.map { PoolPage(vpage: $0.vpage, frame: $0.frame, use: .free) }
        self.refInUse = Array(repeating: false, count: max(0, refs))
        self.ioSlots = ioSlots
    }

    // MARK: pages

    /// Takes the lowest free pool page; returns its frame.
    public mutating func allocPage() -> (status: GuestStatus, frame: FrameNumber?) {
        guard let i = pool.firstIndex(where: { $0.use == .free }) else { return (.outOfPages, nil) }
        pool[i].use = .inUse
        return (.okay, pool[i].frame)
    }

    /// Returns a page to the pool whatever it is used for. A correct guest
    /// calls it only on a page it no longer shares; calling it on a shared
    /// page is the "ignore the failed end-access and reuse the page" bug.
    public mutating func freePage(_ frame: FrameNumber) -> GuestStatus {
        guard let i = pool.firstIndex(where: { $0.frame == frame }), pool[i].use != .free else { return .invalid }
        // A shared page's reference stays published (and leaked): that is the bug.
        pool[i].use = .free
        return .okay
    }

    // MARK: export side

    /// Grants domain `to` access to an allocated (not already shared) page.
    public mutating func grantAccess(_ hv: inout Hypervisor, to: DomID, frame: FrameNumber,
                                     writable: Bool) -> (status: GuestStatus, ref: GrantRef?) {
        guard let i = pool.firstIndex(where: { $0.frame == frame }), pool[i].use == .inUse else { return (.invalid, nil) }
        guard let r = refInUse.firstIndex(of: false) else { return (.outOfRefs, nil) }
        let s = hv.grantAccess(dom, ref: GrantRef(r), to: to, frame: frame, readonly: !writable)
        guard s == .okay else { return (GuestStatus(s), nil) }
        refInUse[r] = true
        pool[i].use = .shared(ref: GrantRef(r))
        return (.okay, GrantRef(r))
    }

    /// Allocates a page and grants it (Mirage's share_pages for one page).
    public mutating func share(_ hv: inout Hypervisor, to: DomID, writable: Bool)
        -> (status: GuestStatus, ref: GrantRef?, frame: FrameNumber?) {
        let (s, frame) = allocPage()
        guard s == .okay, let f = frame else { return (s, nil, nil) }
        let (g, ref) = grantAccess(&hv, to: to, frame: f, writable: writable)
        guard g == .okay else { _ = freePage(f); return (g, nil, nil) }
        return (.okay, ref, f)
    }

    /// Tries once to end access to `ref`: `busy` while the peer maps it;
    /// on success the page stays allocated (in use) and the reference is
    /// free again.
    public mutating func tryEndAccess(_ hv: inout Hypervisor, ref: GrantRef) -> GuestStatus {
        guard Int(ref) < refInUse.count, refInUse[Int(ref)] else { return .invalid }
        let s = hv.endAccess(dom, ref: ref)
        if s == .eagain { return .busy }
        guard s == .okay else { return GuestStatus(s) }
        refInUse[Int(ref)] = false
        if let i = pool.firstIndex(where: { $0.use == .shared(ref: ref) }) { pool[i].use = .inUse }
        return .okay
    }

    /// Mirage's end_access spins until the peer unmaps. In a step model a
    /// spin is a blocked step: this is `tryEndAccess`, and the caller takes
    /// the step again (or waits on `endAccessReady`) while it says `busy`.
    public mutating func endAccess(_ hv: inout Hypervisor, ref: GrantRef) -> GuestStatus {
        tryEndAccess(&hv, ref: ref)
    }

    /// True when ending access to `ref` would succeed now.
    public func endAccessReady(_ hv: Hypervisor, ref: GrantRef) -> Bool {
        guard let e = hv.grantEntry(dom, ref) else { return false }
        return !e.flags.isBusy
    }

    /// Ends access to `ref` and returns its page to the pool. While the peer
    /// maps it the answer is `busy` and nothing changes (the
    /// guest-reuses-busy-page mutant frees the page anyway).
    public mutating func unshare(_ hv: inout Hypervisor, ref: GrantRef) -> GuestStatus {
        guard let i = pool.firstIndex(where: { $0.use == .shared(ref: ref) }) else { return .invalid }
        let s = tryEndAccess(&hv, ref: ref)
        if s == .busy && mutants.contains(.guestReusesBusyPage) {
            refInUse[Int(ref)] = false
            pool[i].use = .free
            return .okay
        }
        guard s == .okay else { return s }
        pool[i].use = .free
        return .okay
    }

    /// The references this library has handed out, ascending.
    public var sharedRefs: [GrantRef] {
        refInUse.indices.filter { refInUse[$0] }.map { GrantRef($0) }
    }

    // MARK: import side

    /// Maps grant `ref` of `granter` into the lowest free I/O slot.
    public mutating func map(_ hv: inout Hypervisor, granter: DomID, ref: GrantRef, writable: Bool)
        -> (status: GuestStatus, handle: GrantHandle?, vpage: VirtualPage?) {
        let target: VirtualPage?
        if mutants.contains(.importMapOnHeap) {
            // The bug: the slot comes from the heap's free pages.
            target = pool.first(where: { $0.use == .free && !importsAt($0.vpage) })?.vpage
        } else {
            target = ioSlots.first(where: { !importsAt($0) })
        }
        guard let v = target else { return (.outOfSlots, nil, nil) }
        let flags: MapFlags = writable ? .hostMap : [.hostMap, .readonly]
        let r = hv.mapGrantRef(dom, granter: granter, ref: ref, flags: flags, hostAddr: v)
        guard r.status == .okay, let h = r.handle else { return (GuestStatus(r.status), nil, nil) }
        let at = imports.firstIndex(where: { $0.handle > h }) ?? imports.count
        imports.insert(Import(handle: h, granter: granter, ref: ref, vpage: v, writable: writable), at: at)
        return (.okay, h, v)
    }

    /// Unmaps an import by handle and frees its slot.
    public mutating func unmap(_ hv: inout Hypervisor, handle: GrantHandle) -> GuestStatus {
        guard let k = imports.firstIndex(where: { $0.handle == handle }) else { return .invalid }
        let s = hv.unmapGrantRef(dom, handle: handle)
        guard s == .okay else { return GuestStatus(s) }
        imports.remove(at: k)
        return .okay
    }

    /// Maps, runs `body` with the page's address, and unmaps (Mirage's
    /// with_mapping). If mapping fails `body` is not run.
    public mutating func withMapping<T>(_ hv: inout Hypervisor, granter: DomID, ref: GrantRef, writable: Bool,
                                        _ body: (inout Hypervisor, VirtualPage) -> T) -> (status: GuestStatus, value: T?) {
        let (s, h, v) = map(&hv, granter: granter, ref: ref, writable: writable)
        guard s == .okay, let handle = h, let vpage = v else { return (s, nil) }
        let value = body(&hv, vpage)
        let u = unmap(&hv, handle: handle)
        return (u, value)
    }

    private func importsAt(_ v: VirtualPage) -> Bool { imports.contains { $0.vpage == v } }

    // MARK: invariants

    /// Appends the guest-side no-reuse-while-mapped violations: a page the
    /// allocator may hand out (free or reused) while a foreign domain maps
    /// it, and an import sitting on an address outside the I/O slots.
    public func checkInvariants(_ hv: Hypervisor, into out: inout [Violation]) {
        let name = XenInvariants.noReuseWhileMapped
        for p in pool {
            switch p.use {
            case .free, .inUse:
                let n = hv.mappingCount(of: p.frame)
                if n > 0 {
                    out.append(Violation(name, "d\(dom) page \(p.vpage) (frame \(p.frame)) is \(p.use == .free ? "back in the allocator" : "reused") while \(n) foreign mapping(s) reach it"))
                }
            case .shared:
                break
            }
        }
        for imp in imports {
            if !ioSlots.contains(imp.vpage) {
                out.append(Violation(name, "d\(dom) maps d\(imp.granter) ref \(imp.ref) at page \(imp.vpage), which is not an I/O slot"))
            }
            if pool.contains(where: { $0.vpage == imp.vpage }) {
                out.append(Violation(name, "d\(dom) maps d\(imp.granter) ref \(imp.ref) at heap page \(imp.vpage), which the allocator can hand out"))
            }
        }
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u16(dom)
        e.count(pool.count)
        for p in pool {
            e.u32(p.vpage); e.u32(p.frame)
            switch p.use {
            case .free: e.u8(0); e.u32(0)
            case .inUse: e.u8(1); e.u32(0)
            case .shared(let r): e.u8(2); e.u32(r)
            }
        }
        e.array(refInUse)
        e.array(ioSlots)
        e.count(imports.count)
        for i in imports { e.u32(i.handle); e.u16(i.granter); e.u32(i.ref); e.u32(i.vpage); e.bool(i.writable) }
    }
}
