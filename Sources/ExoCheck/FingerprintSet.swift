import ExoCore

/// The visited set: an open-addressing table of fingerprints with linear
/// probing, stored in one flat buffer (no per-entry objects), backed by
/// huge pages once it is large (`TableMemory`).
///
/// The home slot of a key is `(slotBits * capacity) >> 64` (a multiply-shift
/// range reduction), so any capacity works and the table is grown by half
/// (×1.5) whenever the load would pass 0.8. The load therefore stays between
/// about 0.53 and 0.8: 10–15 bytes per state with 64-bit fingerprints.
///
/// Concurrency: any number of threads may call `contains` at once while no
/// thread inserts; the explorer's parallel phase relies on exactly that.
///
/// The stored properties skip Swift's dynamic exclusivity check (a runtime
/// call per access, 3% of the explorer's instructions with `StateBuffer`'s):
/// the engine's ownership rules above are what keeps accesses apart.
public final class FingerprintSet<Key: FingerprintKey>: @unchecked Sendable {
    private let leadingPad = CacheLinePad()
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Key>
    /// Number of slots.
    @exclusivity(unchecked) public private(set) var capacity: Int
    /// Number of distinct keys stored.
    @exclusivity(unchecked) public private(set) var count: Int = 0
    /// Whether the all-zero key (which marks empty slots) has been inserted.
    @exclusivity(unchecked) private var holdsZero = false
    private let trailingPad = CacheLinePad()

    /// The largest load before the table grows: 4/5.
    public static var maxLoadNumerator: Int { 4 }
    public static var maxLoadDenominator: Int { 5 }

    public init(minimumCapacity: Int = 1 << 12) {
        capacity = max(16, minimumCapacity)
        slots = TableMemory.allocate(Key.self, count: capacity)
        slots.initialize(repeating: Key.zero, count: capacity)
    }

    deinit {
        slots.deinitialize(count: capacity)
        TableMemory.deallocate(slots)
    }

    /// Bytes held by the table itself.
    public var bytes: Int { capacity * MemoryLayout<Key>.stride }

    /// `count / capacity`.
    public var loadFactor: Double { Double(count) / Double(capacity) }

    /// The capacity the next growth step allocates.
    public var grownCapacity: Int { Self.grown(capacity) }

    /// True when inserting one more new key would grow the table.
    public var insertWouldGrow: Bool { Self.wouldGrow(count: count + 1, capacity: capacity) }

    /// Peak bytes while growing: the old and new tables coexist.
    public var bytesDuringGrowth: Int { Self.bytesDuringGrowth(from: capacity) }

    // The growth rule on its own, so a caller can follow the capacity a
    // table will have after inserts it has not made yet.

    /// The capacity after one growth step from `capacity`.
    public static func grown(_ capacity: Int) -> Int { capacity + capacity / 2 }

    /// Whether a table of `capacity` slots must grow to hold `count` keys.
    public static func wouldGrow(count: Int, capacity: Int) -> Bool {
        count * maxLoadDenominator > capacity * maxLoadNumerator
    }

    /// Peak bytes while a table of `capacity` slots grows.
    public static func bytesDuringGrowth(from capacity: Int) -> Int {
        (capacity + grown(capacity)) * MemoryLayout<Key>.stride
    }

    @inline(__always) private func home(_ key: Key, capacity: Int) -> Int { homeSlot(key.slotBits, capacity: capacity) }

    /// Whether `key` is in the set.
    @inlinable public func contains(_ key: Key) -> Bool { find(key) }

    @usableFromInline func find(_ key: Key) -> Bool {
        if key == Key.zero { return holdsZero }
        // Locals, not properties, inside the probe loop: no exclusivity
        // checks per slot.
        let table = slots, n = capacity
        var i = home(key, capacity: n)
        while true {
            let k = table[i]
            if k == key { return true }
            if k == Key.zero { return false }
            i += 1
            if i == n { i = 0 }
        }
    }

    /// Starts loading the home slot of `key` into the cache without waiting
    /// for it, so that a `contains(key)` issued after other work finds it
    /// there (a hint: no effect on any answer). The table has millions of
    /// slots in a large run, and a lookup's load is otherwise a miss the
    /// thread sits through.
    @inline(__always) func prefetch(_ key: Key) {
        Prefetch.line(slots + home(key, capacity: capacity))
    }

    /// For a loop that probes `keys` in order: called at the top of
    /// iteration `j`, asks for the slot of the key `ahead` iterations on
    /// (and, at the first iteration, of the first `ahead` keys), so every
    /// probe finds its slot asked for `ahead` probes earlier.
    @inline(__always) func prefetch<C: RandomAccessCollection>(ahead: Int, of j: Int, in keys: C)
    where C.Element == Key, C.Index == Int {
        let start = keys.startIndex
        for i in Self.prefetchOffsets(ahead: ahead, at: j &- start, count: keys.count) { prefetch(keys[start &+ i]) }
    }

    /// The offsets into `count` keys whose slots `prefetch(ahead:of:in:)`
    /// asks for at iteration `j`: the first `ahead + 1` at the first, then
    /// key `j + ahead`'s (none past the end). Each key once, `ahead`
    /// iterations before its probe or at the start.
    @inline(__always) static func prefetchOffsets(ahead: Int, at j: Int, count: Int) -> Range<Int> {
        let end = min(j &+ ahead &+ 1, count)
        return j == 0 ? 0..<end : min(j &+ ahead, end)..<end
    }

    /// Inserts `key`; returns true when it was not there before. Grows the
    /// table first when needed (see `insertWouldGrow` to refuse growth).
    @discardableResult
    public func insert(_ key: Key) -> Bool {
        if key == Key.zero {
            if holdsZero { return false }
            holdsZero = true
            count += 1
            return true
        }
        let table = slots, n = capacity
        var i = home(key, capacity: n)
        while true {
            let k = table[i]
            if k == key { return false }
            if k == Key.zero { break }
            i += 1
            if i == n { i = 0 }
        }
        if insertWouldGrow {
            grow()
            place(key)
        } else {
            table[i] = key
        }
        count += 1
        return true
    }

    /// Places a key known to be absent, without touching `count`.
    private func place(_ key: Key) {
        let table = slots, n = capacity
        var i = home(key, capacity: n)
        while table[i] != Key.zero {
            i += 1
            if i == n { i = 0 }
        }
        table[i] = key
    }

    private func grow() {
        let oldSlots = slots, oldCapacity = capacity
        capacity = grownCapacity
        slots = TableMemory.allocate(Key.self, count: capacity)
        slots.initialize(repeating: Key.zero, count: capacity)
        for j in 0..<oldCapacity where oldSlots[j] != Key.zero { place(oldSlots[j]) }
        oldSlots.deinitialize(count: oldCapacity)
        TableMemory.deallocate(oldSlots)
    }

    /// Forgets every key and keeps the capacity (a scratch set reused per
    /// unit of work).
    public func removeAll() {
        if count == 0 { return }
        slots.update(repeating: Key.zero, count: capacity)
        count = 0
        holdsZero = false
    }

    /// Every key, ascending (allocates; used once at the end of a run).
    public func sortedKeys() -> [Key] {
        var out: [Key] = []
        out.reserveCapacity(count)
        if holdsZero { out.append(Key.zero) }
        for j in 0..<capacity where slots[j] != Key.zero { out.append(slots[j]) }
        out.sort()
        return out
    }
}

/// The home slot of a key with hash bits `bits` in a table of `capacity`
/// slots: `(bits * capacity) >> 64`, a range reduction that works for any
/// capacity (the fingerprint tables' and `ChunkClaims`').
@inline(__always) func homeSlot(_ bits: UInt64, capacity: Int) -> Int {
    Int(truncatingIfNeeded: bits.multipliedFullWidth(by: UInt64(capacity)).high)
}
