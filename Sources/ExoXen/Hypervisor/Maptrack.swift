import ExoCore

/// The flags of a grant mapping (Xen's `GNTMAP_*`).
public struct MapFlags: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let deviceMap = MapFlags(rawValue: 1 << 0)
    public static let hostMap = MapFlags(rawValue: 1 << 1)
    public static let readonly = MapFlags(rawValue: 1 << 2)
}

/// One maptrack slot: what a handle of the mapping domain refers to.
public struct MaptrackEntry: Equatable, Codable, Sendable, CanonicalEncodable {
    /// The parts still mapped (host, device) and readonly; empty when free.
    public var flags: MapFlags = []
    public var granter: DomID = 0
    public var ref: GrantRef = 0
    /// The host-map address, meaningful while the host part is mapped.
    public var hostAddr: VirtualPage = 0

    public init() {}

    public var isLive: Bool { !flags.intersection([.hostMap, .deviceMap]).isEmpty }

    public func encode(into e: inout CanonicalEncoder) {
        e.u32(flags.rawValue); e.u16(granter); e.u32(ref); e.u32(hostAddr)
    }
}

/// The maptrack of one mapping domain: slots indexed by handle plus a LIFO
/// free list, as Xen keeps it. A handle comes off the free list when mapped
/// and goes back exactly once, when its last part is unmapped.
public struct Maptrack: Equatable, Codable, Sendable, CanonicalEncodable {
    public var entries: [MaptrackEntry]
    /// Free handles; the next handle handed out is the last element.
    public var freeList: [GrantHandle]

    public init(slots: Int) {
        entries = Array(repeating: MaptrackEntry(), count: slots)
        freeList = (0..<UInt32(slots)).reversed()
    }

    /// Takes a free handle, or nil when none is left.
    mutating func take() -> GrantHandle? { freeList.popLast() }

    /// Returns a handle to the free list and clears its slot.
    mutating func release(_ h: GrantHandle) {
        entries[Int(h)] = MaptrackEntry()
        freeList.append(h)
    }

    /// The live handles, ascending.
    public var liveHandles: [GrantHandle] {
        entries.indices.filter { entries[$0].isLive }.map { GrantHandle($0) }
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.array(entries); e.array(freeList)
    }
}
