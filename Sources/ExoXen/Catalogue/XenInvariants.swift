import ExoCore

/// The invariants of the hypervisor and unikernel layers, as the catalogue
/// lists them. The checkers (`Hypervisor.checkInvariants`,
/// `Unikernel.checkInvariants`, `Vchan.checkInvariants`) report violations
/// under these names.
public enum XenInvariants {
    public static let grantAuthorized = "grant-authorized"
    public static let grantReadonly = "grant-readonly"
    public static let noReuseWhileMapped = "no-reuse-while-mapped"
    public static let maptrackConsistency = "maptrack-consistency"
    public static let transferOnce = "transfer-once"
    public static let evtchnIsolation = "evtchn-isolation"
    public static let teardownComplete = "teardown-complete"
    public static let sealedImage = "sealed-image"
    public static let frameConservation = "frame-conservation"
    public static let vchanIntegrity = "vchan-integrity"

    public static let all: [InvariantInfo] = [
        InvariantInfo(name: grantAuthorized,
                      summary: "every live foreign mapping is backed by a permit_access entry of the granter that names the mapper and the mapped frame, and that frame is the granter's",
                      layer: "hypervisor"),
        InvariantInfo(name: grantReadonly,
                      summary: "no writable mapping exists of a grant entry that is read-only",
                      layer: "hypervisor"),
        InvariantInfo(name: noReuseWhileMapped,
                      summary: "a frame that a foreign domain maps is never free, never owned by another domain, and never back in its owner's allocator",
                      layer: "hypervisor"),
        InvariantInfo(name: maptrackConsistency,
                      summary: "busy bits agree with pins, pins equal the live handles, frame references equal the live mapping parts, the free list holds each free handle exactly once",
                      layer: "hypervisor"),
        InvariantInfo(name: transferOnce,
                      summary: "a transferred frame has exactly one owner, the receiving domain, and a completed entry was committed",
                      layer: "hypervisor"),
        InvariantInfo(name: evtchnIsolation,
                      summary: "bound ports are bound to each other in pairs, only between the domains each side accepted",
                      layer: "hypervisor"),
        InvariantInfo(name: teardownComplete,
                      summary: "a dying or dead domain holds no mappings, pins, ports or frames; a dead one has no frame left alive",
                      layer: "hypervisor"),
        InvariantInfo(name: sealedImage,
                      summary: "a sealed unikernel has no page both writable and executable, read-only text, and no executable page outside text",
                      layer: "unikernel"),
        InvariantInfo(name: frameConservation,
                      summary: "each frame is free, owned by exactly one live domain and on its page list, or released but still referenced; never two of these",
                      layer: "hypervisor"),
        InvariantInfo(name: vchanIntegrity,
                      summary: "vchan rings never hold more than their size, every message is delivered once and in order, and a connected channel's pages and ports are in place",
                      layer: "unikernel"),
    ]
}
