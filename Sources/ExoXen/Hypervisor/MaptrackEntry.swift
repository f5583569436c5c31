import ExoCore

/// One maptrack slot: what a handle of the mapping domain refers to.
public struct MaptrackEntry: Equatable, Codable, Sendable, FixedSizeEncodable {
    /// The parts still mapped (host, device) and readonly; empty when free.
    public var flags: MapFlags = []
    public var granter: DomID = 0
    public var ref: GrantRef = 0
    /// The host-map address, meaningful while the host part is mapped.
    public var hostAddr: VirtualPage = 0

    public init() {}

    public var isLive: Bool { !flags.intersection([.hostMap, .deviceMap]).isEmpty }

    public static var encodedSize: Int { 14 }

    @inline(__always) public func encode(into e: inout CanonicalRecord) {
        e.u32(flags.rawValue); e.u16(granter); e.u32(ref); e.u32(hostAddr)
    }
}
