/// Each mapping domain's maptrack: slots indexed by handle (a row of
/// `maptrackEntries`) and a LIFO free list (a row of `maptrackFree`, length
/// in `Domain.freeHandleCount`), as Xen keeps it. A handle comes off the
/// free list when mapped and goes back exactly once, when its last part is
/// unmapped.
extension Hypervisor {
    /// Free-list room per domain: every handle, twice over. Correct code
    /// never has more than `maptrackSlots` handles free; the
    /// partial-unmap-frees-handle bug frees a handle early and again later,
    /// and a push beyond this room is dropped.
    static func freeListCapacity(_ config: XenConfig) -> Int { 2 * config.maptrackSlots }

    /// Refills domain index `i`'s free list with every handle, highest
    /// first (so handle 0 is handed out first), and blanks the rest of the row.
    mutating func resetFreeList(_ i: Int) {
        let slots = config.maptrackSlots
        tables.fill(maptrackFree, row: i, with: 0)
        for k in 0..<slots { tables[maptrackFree, i, k] = GrantHandle(slots - 1 - k) }
        self[domain: i].freeHandleCount = UInt32(slots)
    }

    /// Takes a free handle of domain index `mi`, or nil when none is left.
    mutating func takeHandle(_ mi: Int) -> GrantHandle? {
        let n = Int(self[domain: mi].freeHandleCount)
        guard n > 0 else { return nil }
        let h = tables[maptrackFree, mi, n - 1]
        tables[maptrackFree, mi, n - 1] = 0
        self[domain: mi].freeHandleCount -= 1
        return h
    }

    /// Puts handle `h` on domain index `mi`'s free list (dropped if the row is full).
    mutating func pushFreeHandle(_ mi: Int, _ h: GrantHandle) {
        let n = Int(self[domain: mi].freeHandleCount)
        guard n < maptrackFree.width else { return }
        tables[maptrackFree, mi, n] = h
        self[domain: mi].freeHandleCount += 1
    }

    /// Clears slot `h` of domain index `mi` and returns it to the free list.
    mutating func releaseHandle(_ mi: Int, _ h: GrantHandle) {
        tables[maptrackEntries, mi, Int(h)] = MaptrackEntry()
        pushFreeHandle(mi, h)
    }

    /// The handles on domain index `mi`'s free list, next-to-be-taken last (allocates).
    func freeHandles(_ mi: Int) -> [GrantHandle] {
        tables.row(maptrackFree, mi, count: Int(self[domain: mi].freeHandleCount))
    }
}
