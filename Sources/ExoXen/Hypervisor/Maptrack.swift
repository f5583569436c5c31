import ExoCore

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
