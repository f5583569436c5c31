extension Array {
    /// Whether the two arrays are one buffer (or both empty): equal without
    /// looking at an element. False says nothing (equal arrays may live in
    /// different buffers). The answer depends on which buffers copy-on-write
    /// made, never on where they sit, so it is the same in every run.
    @inlinable @inline(__always)
    public func sharesBuffer(with other: [Element]) -> Bool {
        if count != other.count { return false }
        if isEmpty { return true }
        return withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
