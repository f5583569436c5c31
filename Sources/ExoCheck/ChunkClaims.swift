import ExoCore
import Synchronization

/// Which chunk of the current BFS batch kept a successor first, shared by
/// the batch's workers while they expand, so that a worker can drop a
/// successor an earlier chunk of the batch already kept.
///
/// The merge admits chunks in order, so of the copies of one state kept by
/// several chunks of a batch only the earliest chunk's is admitted; the
/// others are found in the pending set and destroyed. Each worker drops the
/// repeats within its own chunk (`Expander`'s run record), but not those of
/// other chunks: with `--jobs 2` the large grant/revoke bench kept 45% more
/// successors than `--jobs 1` (7.3M against 5.0M), each checked against
/// the invariants, moved to the merge and destroyed after it.
///
/// A worker registers each successor it is about to keep (`keeps`), with
/// its chunk's index; the table remembers the smallest index registered per
/// fingerprint. It answers false only when a smaller index was registered
/// before, and the chunk with the smallest index always gets true: a
/// successor is dropped only when an earlier chunk keeps a copy, and that
/// copy reaches the merge first. Which repeats are caught depends on timing
/// (two chunks expanded at once may both keep a copy); what is admitted, in
/// which order and with which parent, does not.
///
/// Keys are whole 64-bit fingerprints (the engine uses the table only with
/// 64-bit fingerprints: a 128-bit one could not be told from another with
/// the same low word). The zero key, and keys that find no free slot within
/// `probeLimit`, are not registered: the answer is then true, which is
/// always safe.
///
/// The workers reach the table through `Slots`, a plain value with its
/// pointers, not through the object: a reference to the object in each
/// worker's expander would be retained and released for every successor
/// registered, and both cores writing that one reference count moved its
/// cache line between them 1.6 times per state (the large grant/revoke
/// bench, `--jobs 2`).
final class ChunkClaims: @unchecked Sendable {
    // @unchecked: the slots are atomics, reached through pointers; `active`
    // is written only by `reset`, while no worker uses the table.
    private let keys: UnsafeMutablePointer<Atomic<UInt64>>
    /// Per slot, the smallest chunk index registered (`Int32.max`: none
    /// yet). Signed on purpose: Swift 6.3's `Atomic.min` compares unsigned
    /// integers as signed ones in memory (swiftlang/swift#91176, fixed in
    /// 6.4), so an unsigned "none" of `.max` would never be replaced.
    private let owners: UnsafeMutablePointer<Atomic<Int32>>
    /// Slots allocated.
    let maxCapacity: Int
    /// Slots in use for the current batch (`reset`).
    private var active: Int

    /// Slots probed before giving up on a key.
    static var probeLimit: Int { 32 }
    /// Slots per frontier state of a batch.
    static var slotsPerState: Int { 4 }

    /// A table for batches of at most `batchSize` frontier states.
    init(batchSize: Int) {
        maxCapacity = max(64, batchSize * ChunkClaims.slotsPerState)
        keys = .allocate(capacity: maxCapacity)
        owners = .allocate(capacity: maxCapacity)
        for i in 0..<maxCapacity {
            (keys + i).initialize(to: Atomic(0))
            (owners + i).initialize(to: Atomic(Int32.max))
        }
        active = maxCapacity
    }

    deinit {
        keys.deinitialize(count: maxCapacity)
        keys.deallocate()
        owners.deinitialize(count: maxCapacity)
        owners.deallocate()
    }

    /// Forgets every registration and sizes the table for a batch of
    /// `states` frontier states. No worker may use the table meanwhile.
    /// Returns the batch's slots, valid until the next reset and while this
    /// object lives.
    @discardableResult
    func reset(forBatchOf states: Int) -> Slots {
        for i in 0..<active {
            keys[i].store(0, ordering: .relaxed)
            owners[i].store(Int32.max, ordering: .relaxed)
        }
        active = min(maxCapacity, max(64, states * ChunkClaims.slotsPerState))
        return slots
    }

    /// The current batch's slots (see `reset`).
    var slots: Slots { Slots(keys: keys, owners: owners, capacity: active) }

    /// Registers that chunk `chunk` keeps a successor with fingerprint
    /// `key` (see `Slots.keeps`).
    func keeps(_ key: UInt64, chunk: Int32) -> Bool { slots.keeps(key, chunk: chunk) }

    /// One batch's view of the table: its slots' addresses and how many are
    /// in use. Holds no reference, so copying it touches no shared count;
    /// the `ChunkClaims` that made it must outlive it, and no `reset` may
    /// come while it is used.
    struct Slots {
        fileprivate let keys: UnsafeMutablePointer<Atomic<UInt64>>
        fileprivate let owners: UnsafeMutablePointer<Atomic<Int32>>
        fileprivate let capacity: Int

        /// Starts loading the home slot of `key`, key and owner, without
        /// waiting (a hint: no effect on any answer). The table is shared
        /// by the batch's workers and larger than a core's own cache.
        @inline(__always) func prefetch(_ key: UInt64) {
            let i = homeSlot(key, capacity: capacity)
            Prefetch.line(UnsafeRawPointer(keys + i))
            Prefetch.line(UnsafeRawPointer(owners + i))
        }

        /// Registers that chunk `chunk` keeps a successor with fingerprint
        /// `key`. False when a chunk before it registered the key first:
        /// then the successor can be dropped.
        @inline(__always) func keeps(_ key: UInt64, chunk: Int32) -> Bool {
            precondition(chunk >= 0 && chunk < Int32.max, "chunk index out of range")
            if key == 0 { return true }
            let n = capacity
            var i = homeSlot(key, capacity: n)
            for _ in 0..<ChunkClaims.probeLimit {
                var k = keys[i].load(ordering: .relaxed)
                if k == 0 {
                    let r = keys[i].compareExchange(expected: 0, desired: key, ordering: .relaxed)
                    k = r.exchanged ? key : r.original
                }
                if k == key {
                    return owners[i].min(chunk, ordering: .relaxed).oldValue >= chunk
                }
                i += 1
                if i == n { i = 0 }
            }
            return true
        }
    }
}
