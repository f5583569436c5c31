import ExoCore

/// A booted unikernel domain: its image, its single address space, and its
/// grant library over the major-heap pages.
///
/// Only major-heap pages are backed by machine frames in the model (they
/// are what the grant library shares); text, data and the minor heap are
/// tracked for permissions only, which keeps frame counts small.
public struct Unikernel: Equatable, Codable, Sendable, CanonicalEncodable {
    public let dom: DomID
    public let image: UnikernelImage
    public var space: AddressSpace
    public var grants: GuestGrants

    /// Boots `image` in domain `dom`: lays out the address space and
    /// populates one frame per major-heap page from the hypervisor (lowest
    /// free frames). Fails with the hypervisor's error if frames run out;
    /// frames taken so far stay with the domain.
    public static func boot(_ hv: inout Hypervisor, dom: DomID, image: UnikernelImage, layout: BootLayout,
                            grantRefs: Int, mutants: XenMutants = []) -> (status: XenErrno, unikernel: Unikernel?) {
        let space = AddressSpace(image: image, layout: layout, mutants: mutants)
        var pool: [(vpage: VirtualPage, frame: FrameNumber)] = []
        for v in space.pages(in: .majorHeap) {
            let (s, f) = hv.populateAny(dom)
            guard s == .okay, let frame = f else { return (s, nil) }
            pool.append((v, frame))
        }
        let grants = GuestGrants(dom: dom, pool: pool, refs: grantRefs, ioSlots: space.pages(in: .io), mutants: mutants)
        return (.okay, Unikernel(dom: dom, image: image, space: space, grants: grants))
    }

    private init(dom: DomID, image: UnikernelImage, space: AddressSpace, grants: GuestGrants) {
        self.dom = dom
        self.image = image
        self.space = space
        self.grants = grants
    }

    /// Appends the unikernel's violations (sealed-image, and the guest side
    /// of no-reuse-while-mapped).
    public func checkInvariants(_ hv: Hypervisor, into out: inout [Violation]) {
        space.checkInvariants(into: &out)
        grants.checkInvariants(hv, into: &out)
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u16(dom); image.encode(into: &e); space.encode(into: &e); grants.encode(into: &e)
    }
}
