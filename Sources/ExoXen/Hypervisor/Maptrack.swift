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
        var out: [GrantHandle] = []
        forEachLiveHandle { out.append($0) }
        return out
    }

    /// Calls `body` with each live handle, ascending (no allocation).
    public func forEachLiveHandle(_ body: (GrantHandle) -> Void) {
        for h in entries.indices where entries[h].isLive { body(GrantHandle(h)) }
    }

    @inline(__always) public func encode(into e: inout CanonicalEncoder) {
        e.array(entries); e.array(freeList)
    }
}
