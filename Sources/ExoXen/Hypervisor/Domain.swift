import ExoCore

/// One domain: lifecycle, memory, grant table, maptrack and ports.
public struct Domain: Equatable, Codable, Sendable, CanonicalEncodable {
    public var lifecycle: DomainLifecycle = .absent
    /// The most frames the domain may own (its reservation limit).
    public var maxPages: UInt32 = 0
    /// Frames at or above this number cannot be addressed by the domain
    /// (a transfer of such a frame to it fails with `address_too_big`).
    public var addressLimit: FrameNumber = 0
    /// The frames it owns, ascending (its page list).
    public var pages: [FrameNumber] = []
    public var grantTable: GrantTable
    public var maptrack: Maptrack
    public var ports: [EventPort]

    init(config: XenConfig) {
        grantTable = GrantTable(nrFrames: config.initialGrantFrames, capacity: config.maxGrantEntries)
        maptrack = Maptrack(slots: config.maptrackSlots)
        ports = Array(repeating: EventPort(), count: config.portsPerDomain)
    }

    /// The grant references currently addressable.
    func entryCount(perFrame: Int) -> Int { Int(grantTable.nrFrames) * perFrame }

    @inline(__always) public func encode(into e: inout CanonicalEncoder) {
        e.u8(lifecycle.rawValue); e.u32(maxPages); e.u32(addressLimit)
        e.array(pages); grantTable.encode(into: &e); maptrack.encode(into: &e); e.array(ports)
    }
}
