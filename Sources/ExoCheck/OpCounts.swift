/// Transitions per operation (`Event.op`), counted on the explorer's hot
/// path: a plain buffer, grown when an operation beyond it shows up, so
/// counting a transition is one add. (An `Array` asks the runtime whether
/// its buffer is shared on every write: a call per transition.)
struct OpCounts: ~Copyable {
    private var base: UnsafeMutablePointer<UInt64>
    /// Operations the buffer has room for (`0..<capacity`).
    private var capacity: Int

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
        base.initialize(repeating: 0, count: capacity)
    }

    deinit { base.deallocate() }

    /// One more transition of `op`.
    @inline(__always) mutating func add(_ op: Int) {
        precondition(op >= 0, "a negative operation")
        if op >= capacity { grow(toInclude: op) }
        base[op] &+= 1
    }

    /// One transition of `op` fewer (one `add` taken back).
    mutating func subtract(_ op: Int) {
        precondition(op >= 0 && op < capacity && base[op] > 0, "taking back a transition never counted")
        base[op] &-= 1
    }

    /// Adds every count into `totals` (index = operation, grown as needed)
    /// and zeroes them.
    mutating func drain(into totals: inout [UInt64]) {
        var last = capacity - 1
        while last >= 0 && base[last] == 0 { last -= 1 }
        if last < 0 { return }
        if totals.count <= last { totals.append(contentsOf: repeatElement(0, count: last + 1 - totals.count)) }
        for op in 0...last {
            totals[op] &+= base[op]
            base[op] = 0
        }
    }

    private mutating func grow(toInclude op: Int) {
        var bigger = capacity * 2
        while bigger <= op { bigger *= 2 }
        let fresh = UnsafeMutablePointer<UInt64>.allocate(capacity: bigger)
        fresh.moveInitialize(from: base, count: capacity)
        (fresh + capacity).initialize(repeating: 0, count: bigger - capacity)
        base.deallocate()
        base = fresh
        capacity = bigger
    }
}
