import ExoCore

/// One entry of a domain's shared grant table (v1 layout: flags, domid, frame).
/// The granting guest writes it; the hypervisor sets and clears the busy and
/// transfer bits.
public struct GrantEntry: Equatable, Codable, Sendable, TableRecord {
    public var flags: GrantFlags
    /// permit_access: the domain allowed to map; accept_transfer: the domain
    /// allowed to transfer a frame in.
    public var domid: DomID
    /// permit_access: the granted frame; accept_transfer: the frame received.
    public var frame: FrameNumber

    public init(flags: GrantFlags = [], domid: DomID = 0, frame: FrameNumber = 0) {
        self.flags = flags
        self.domid = domid
        self.frame = frame
    }

    public static var packedSize: Int { 8 }
}
