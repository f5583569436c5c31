/// How each stored state was first reached: its parent's id and the index of
/// the action (in the parent's enabled-action list) that led to it. Two flat
/// arrays indexed by state id (discovery order); the initial state has id 0
/// and no parent. A path is rebuilt by walking the links back to the root.
struct ParentLinks {
    static let noParent = UInt32.max
    /// Ids must fit in 32 bits (one value is reserved as "no parent").
    static let maxStates = Int(UInt32.max) - 1

    private(set) var parent: [UInt32] = []
    private(set) var action: [UInt32] = []

    /// Slots reserved in each array: grown by doubling, by us. Swift's own
    /// growth asks the allocator how much it really got, which depends on
    /// the allocator's state (and so on the thread count), and `bytes` is
    /// part of the summary that must be the same for every `--jobs`.
    private(set) var reserved = 0

    var count: Int { parent.count }

    /// Bytes reserved by the two arrays (what our doubling asked for).
    var bytes: Int { 2 * reserved * MemoryLayout<UInt32>.stride }

    /// Records a new state; returns its id.
    @inline(__always) mutating func append(parent p: UInt32, action a: UInt32) -> UInt32 {
        if parent.count == reserved {
            reserved = Swift.max(1024, reserved * 2)
            parent.reserveCapacity(reserved)
            action.reserveCapacity(reserved)
        }
        let id = UInt32(truncatingIfNeeded: parent.count)
        parent.append(p)
        action.append(a)
        return id
    }

    /// The action indices from the initial state to state `id`.
    func path(to id: UInt32) -> [UInt32] {
        var out: [UInt32] = []
        var cur = id
        while parent[Int(cur)] != Self.noParent {
            out.append(action[Int(cur)])
            cur = parent[Int(cur)]
        }
        out.reverse()
        return out
    }
}
