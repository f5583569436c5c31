import ExoCore

/// Where a domain is in its life.
public enum DomainLifecycle: UInt8, Equatable, Codable, Sendable {
    /// The slot holds no domain.
    case absent = 0
    /// Built by the toolstack, not yet unpaused.
    case created = 1
    case running = 2
    /// Destroyed: its resources are released, but frames it granted may
    /// still be mapped by others.
    case dying = 3
    /// Nothing of it remains alive.
    case dead = 4

    /// Created or running: may issue and receive operations.
    public var isAlive: Bool { self == .created || self == .running }
}

/// A domain's grant table: its shared entries and the hypervisor's active
/// entries, sized for the largest table; `nrFrames` bounds what is in use.
public struct GrantTable: Equatable, Codable, Sendable, CanonicalEncodable {
    public var nrFrames: UInt32
    public var entries: [GrantEntry]
    public var active: [ActiveEntry]

    public init(nrFrames: Int, capacity: Int) {
        self.nrFrames = UInt32(nrFrames)
        entries = Array(repeating: GrantEntry(), count: capacity)
        active = Array(repeating: ActiveEntry(), count: capacity)
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u32(nrFrames); e.array(entries); e.array(active)
    }
}

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

    public func encode(into e: inout CanonicalEncoder) {
        e.u8(lifecycle.rawValue); e.u32(maxPages); e.u32(addressLimit)
        e.array(pages); grantTable.encode(into: &e); maptrack.encode(into: &e); e.array(ports)
    }
}
