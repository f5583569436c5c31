import ExoCore

/// The kernel's record of one physical frame.
public struct FrameRecord: Equatable, Codable, Sendable, CanonicalEncodable {
    /// The machine frame number the hypervisor gave us.
    public let machine: UInt32
    public var state: FrameState
    /// The ACL entry: set from the allocating capability, cleared on free.
    public var aclName: CapName = []
    public var aclRights: Rights = []
    /// Secure bindings (of any environment) that name this frame.
    public var refs: Int = 0
    /// Mappings of this frame held by other domains (told to us by the World).
    public var foreign: Int = 0

    public init(machine: UInt32, state: FrameState) {
        self.machine = machine
        self.state = state
    }

    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { FrameRecord.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the record at `r`, read in place (see
    /// `CanonicalEncoder+InPlace.swift` in ExoCore).
    @inline(__always) static func encode(at r: UnsafePointer<FrameRecord>, into e: inout CanonicalEncoder) {
        e.u32(r.pointee.machine); r.pointee.state.encode(into: &e); r.pointee.aclName.encode(into: &e)
        r.pointee.aclRights.encode(into: &e); e.small(r.pointee.refs); e.small(r.pointee.foreign)
    }
}
