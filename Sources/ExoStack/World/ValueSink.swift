/// Where listing choices collects the values of `any` sets: a growable run
/// of `Int32` over memory the caller lends (a stack buffer for the usual
/// few dozen values), moving to the heap only when a listing needs more.
///
/// Not an `Array`: every append to one checks that its buffer is unique
/// and has room through calls, and a state's listing appends a few dozen
/// values. One owner, used within one `actions` call; `release` frees what
/// it allocated.
struct ValueSink {
    private var base: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` is ours (heap) rather than the lender's.
    private var ownsBase = false

    init(lending buffer: UnsafeMutableBufferPointer<Int32>) {
        precondition(buffer.count > 0, "a ValueSink needs room to start with")
        base = buffer.baseAddress.unsafelyUnwrapped
        capacity = buffer.count
    }

    @inline(__always) mutating func append(_ v: Int32) {
        if count == capacity { grow() }
        base[count] = v
        count &+= 1
    }

    /// Value `i` (`0 <= i < count`).
    @inline(__always) subscript(i: Int) -> Int32 {
        precondition(i >= 0 && i < count, "ValueSink index out of range")
        return base[i]
    }

    /// The values' memory: valid until the next `append` (which may move
    /// them), and unchecked, so only for reads the caller has bounded by
    /// `count`.
    @inline(__always) var values: UnsafePointer<Int32> { UnsafePointer(base) }

    /// Sorts the values from index `start` on, ascending (a short tail:
    /// insertion sort, no allocation).
    mutating func sortTail(from start: Int) {
        precondition(start >= 0 && start <= count, "sortTail start out of range")
        var i = start &+ 1
        while i < count {
            let v = base[i]
            var j = i
            while j > start && base[j &- 1] > v {
                base[j] = base[j &- 1]
                j &-= 1
            }
            base[j] = v
            i &+= 1
        }
    }

    /// Frees heap memory the sink moved to; the sink must not be used after.
    mutating func release() {
        if ownsBase { base.deallocate() }
        ownsBase = false
        capacity = 0
        count = 0
    }

    private mutating func grow() {
        precondition(capacity > 0, "a ValueSink used after release")
        let bigger = capacity * 2
        let fresh = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        fresh.initialize(from: base, count: count)
        if ownsBase { base.deallocate() }
        base = fresh
        capacity = bigger
        ownsBase = true
    }
}
