import ExoCore

/// The deliberate bugs of the hypervisor and unikernel layers. Each bit
/// brings back one realistic mistake; the catalogue names the invariant
/// meant to catch it. Flags are configuration: constant for a run and kept
/// out of canonical encodings.
public struct XenMutants: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    // Hypervisor: grant tables.
    public static let endAccessWhileMapped = XenMutants(rawValue: 1 << 0)
    public static let mapIgnoresDomid = XenMutants(rawValue: 1 << 1)
    public static let mapIgnoresReadonly = XenMutants(rawValue: 1 << 2)
    public static let readonlyDowngradeIgnoresWriting = XenMutants(rawValue: 1 << 3)
    public static let freeWhileMapped = XenMutants(rawValue: 1 << 4)
    public static let partialUnmapDropsBothPins = XenMutants(rawValue: 1 << 5)
    public static let partialUnmapFreesHandle = XenMutants(rawValue: 1 << 6)
    public static let copyIgnoresDevicePins = XenMutants(rawValue: 1 << 7)
    public static let transferLeavesSenderOwner = XenMutants(rawValue: 1 << 8)
    public static let transferStealsMappedFrame = XenMutants(rawValue: 1 << 9)
    // Hypervisor: event channels and domains.
    public static let bindIgnoresReservation = XenMutants(rawValue: 1 << 10)
    public static let closeLeavesRemoteBound = XenMutants(rawValue: 1 << 11)
    public static let teardownSkipsMaptrack = XenMutants(rawValue: 1 << 12)
    public static let teardownLeaksFrames = XenMutants(rawValue: 1 << 13)
    // Unikernel.
    public static let guestReusesBusyPage = XenMutants(rawValue: 1 << 16)
    public static let importMapOnHeap = XenMutants(rawValue: 1 << 17)
    public static let sealLeavesWXPage = XenMutants(rawValue: 1 << 18)
    public static let sealedAllowsExecMapping = XenMutants(rawValue: 1 << 19)
    public static let vchanWriteIgnoresFull = XenMutants(rawValue: 1 << 20)
    public static let vchanReadSkipsConsume = XenMutants(rawValue: 1 << 21)

    /// Every mutant with its name, what it breaks, and the invariant that
    /// catches it, in a fixed order.
    public static let catalogue: [(XenMutants, MutantInfo)] = [
        (.endAccessWhileMapped, MutantInfo(
            name: "end-access-while-mapped",
            summary: "ending access to a grant entry ignores the reading/writing busy bits, so it succeeds while a foreign domain maps the frame",
            breaks: "grant-authorized", layer: "hypervisor")),
        (.mapIgnoresDomid, MutantInfo(
            name: "map-ignores-domid",
            summary: "map_grant_ref checks the entry's type but not that it names the mapping domain",
            breaks: "grant-authorized", layer: "hypervisor")),
        (.mapIgnoresReadonly, MutantInfo(
            name: "map-ignores-readonly",
            summary: "map_grant_ref grants a writable mapping of an entry the guest marked read-only",
            breaks: "grant-readonly", layer: "hypervisor")),
        (.readonlyDowngradeIgnoresWriting, MutantInfo(
            name: "readonly-downgrade-ignores-writing",
            summary: "the guest sets the read-only bit with a plain write instead of a compare-and-swap on !writing, while a writable mapping exists",
            breaks: "grant-readonly", layer: "hypervisor")),
        (.freeWhileMapped, MutantInfo(
            name: "free-while-mapped",
            summary: "decrease_reservation returns a frame to the free pool although foreign mappings still hold references to it",
            breaks: "no-reuse-while-mapped", layer: "hypervisor")),
        (.partialUnmapDropsBothPins, MutantInfo(
            name: "partial-unmap-drops-both-pins",
            summary: "unmapping only the host (or device) part of a mapping drops the pins of both parts",
            breaks: "maptrack-consistency", layer: "hypervisor")),
        (.partialUnmapFreesHandle, MutantInfo(
            name: "partial-unmap-frees-handle",
            summary: "a partial unmap puts the maptrack handle back on the free list although the other part is still mapped",
            breaks: "maptrack-consistency", layer: "hypervisor")),
        (.copyIgnoresDevicePins, MutantInfo(
            name: "copy-ignores-device-pins",
            summary: "after a grant copy the busy bits are cleared by looking at host pins only, ignoring device mappings",
            breaks: "maptrack-consistency", layer: "hypervisor")),
        (.transferLeavesSenderOwner, MutantInfo(
            name: "transfer-leaves-sender-owner",
            summary: "transfer gives the frame to the receiver but leaves it on the sender's page list: owned twice",
            breaks: "transfer-once", layer: "hypervisor")),
        (.transferStealsMappedFrame, MutantInfo(
            name: "transfer-steals-mapped-frame",
            summary: "transfer steals a frame that foreign mappings still reference instead of failing with bad_page",
            breaks: "no-reuse-while-mapped", layer: "hypervisor")),
        (.bindIgnoresReservation, MutantInfo(
            name: "bind-ignores-reservation",
            summary: "bind_interdomain accepts any unbound port, ignoring which domain it was reserved for",
            breaks: "evtchn-isolation", layer: "hypervisor")),
        (.closeLeavesRemoteBound, MutantInfo(
            name: "close-leaves-remote-bound",
            summary: "closing a port frees it but leaves the remote end bound to it, so a later owner of the port number receives the peer's events",
            breaks: "evtchn-isolation", layer: "hypervisor")),
        (.teardownSkipsMaptrack, MutantInfo(
            name: "teardown-skips-maptrack",
            summary: "domain destruction does not walk the dying domain's maptrack: its foreign mappings, pins and references stay",
            breaks: "teardown-complete", layer: "hypervisor")),
        (.teardownLeaksFrames, MutantInfo(
            name: "teardown-leaks-frames",
            summary: "domain destruction unlinks the dying domain's pages but never returns the unreferenced ones to the free pool",
            breaks: "frame-conservation", layer: "hypervisor")),
        (.guestReusesBusyPage, MutantInfo(
            name: "guest-reuses-busy-page",
            summary: "the guest library's unshare ignores a busy end-access and puts the page back in its allocator while the peer maps it",
            breaks: "no-reuse-while-mapped", layer: "unikernel")),
        (.importMapOnHeap, MutantInfo(
            name: "import-map-on-heap",
            summary: "the import side maps a foreign grant onto a heap page that the allocator can hand out again",
            breaks: "no-reuse-while-mapped", layer: "unikernel")),
        (.sealLeavesWXPage, MutantInfo(
            name: "seal-leaves-wx-page",
            summary: "sealing forgets to drop write permission from the text pages made writable during boot relocation",
            breaks: "sealed-image", layer: "unikernel")),
        (.sealedAllowsExecMapping, MutantInfo(
            name: "sealed-allows-exec-mapping",
            summary: "after sealing, a protection change may still add execute permission to a data or heap page",
            breaks: "sealed-image", layer: "unikernel")),
        (.vchanWriteIgnoresFull, MutantInfo(
            name: "vchan-write-ignores-full",
            summary: "the vchan writer does not compare the producer index with the consumer index and overwrites unread data",
            breaks: "vchan-integrity", layer: "unikernel")),
        (.vchanReadSkipsConsume, MutantInfo(
            name: "vchan-read-skips-consume",
            summary: "the vchan reader hands a message to the application without advancing the consumer index, so it is delivered again",
            breaks: "vchan-integrity", layer: "unikernel")),
    ]

    /// The mutant with this catalogue name, or nil.
    public init?(name: String) {
        guard let hit = XenMutants.catalogue.first(where: { $0.1.name == name }) else { return nil }
        self = hit.0
    }

    /// The catalogue names of the mutants switched on, in catalogue order.
    public var names: [String] {
        XenMutants.catalogue.filter { contains($0.0) }.map { $0.1.name }
    }
}
