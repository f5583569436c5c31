import ExoCore

extension CanonicalEncoder {
    /// A small signed integer in two bytes: ids, indices, counts and
    /// sequence numbers of the exokernel model, all bounded by `ExoConfig`
    /// far below 2^15, so the encoding stays injective.
    @inlinable mutating func small(_ v: Int) { u16(UInt16(bitPattern: Int16(truncatingIfNeeded: v))) }

    /// A length-prefixed list of small integers.
    @inlinable mutating func smallArray(_ a: [Int]) {
        count(a.count)
        for v in a { small(v) }
    }

    /// `smallArray` of the array at `a`, read in place (see
    /// `CanonicalEncoder+InPlace.swift` in ExoCore).
    @inlinable @inline(__always) mutating func smallArray(at a: UnsafePointer<[Int]>) {
        let n = a.pointee.count
        count(n)
        var i = 0
        while i < n {
            small(a.pointee[i])
            i &+= 1
        }
    }
}
