/// Encoding a value where it lies, without retaining what it shares.
///
/// A model state shares most of its arrays with the states it came from
/// (copy on write), so the same array storage is reachable from thousands
/// of states that several explorer threads encode at once. Handing such an
/// array to a function (`e.array(frames)`), iterating it, or calling a
/// method on a struct that holds one copies the array value: a retain and a
/// release of its storage, on a reference count that every thread writes.
/// Reading an element through a pointer to the array (`a.pointee[i]`,
/// `a.element(i)`) holds nothing across a call, so it retains nothing.
///
/// The rule for an `encode(at:)`: take a pointer, read fields through it
/// (`p.pointer(to: \.field)` for an array field), and hand on pointers,
/// never the arrays. Elements that hold no references (`_isPOD`) may be
/// copied out: a copy of them retains nothing.
extension UnsafePointer {
    /// The address of element `i` of the array at `self`. Reads the
    /// array's storage address without retaining it: valid while that
    /// array is neither written nor released (for an encoder, while the
    /// state being encoded lives and is not changed).
    @inlinable @inline(__always)
    public func element<E>(_ i: Int) -> UnsafePointer<E> where Pointee == [E] {
        precondition(i >= 0 && i < pointee.count, "element index out of range")
        // A native array (there is no other kind on this platform) always
        // has contiguous storage.
        return UnsafePointer<E>(pointee._baseAddressIfContiguous.unsafelyUnwrapped) + i
    }
}

extension CanonicalEncoder {
    /// The count, then each element of the array at `a` through `each`,
    /// which gets the element's address: `array(_:)`'s bytes, for elements
    /// that hold arrays of their own.
    @inlinable @inline(__always)
    public mutating func array<E>(at a: UnsafePointer<[E]>,
                                  _ each: (UnsafePointer<E>, inout CanonicalEncoder) -> Void) {
        let n = a.pointee.count
        count(n)
        var i = 0
        while i < n {
            each(a.element(i), &self)
            i &+= 1
        }
    }

    /// `array(_:)` of the array at `a`, for elements that hold no
    /// references (each is copied out to encode itself; checked).
    @inlinable @inline(__always)
    public mutating func array<E: CanonicalEncodable>(at a: UnsafePointer<[E]>) {
        precondition(_isPOD(E.self), "array(at:) copies its elements: they must hold no references")
        let n = a.pointee.count
        count(n)
        var i = 0
        while i < n {
            a.pointee[i].encode(into: &self)
            i &+= 1
        }
    }

    /// `array(_:)` of the bytes at `a`: the count, then one copy.
    @inlinable @inline(__always)
    public mutating func array(at a: UnsafePointer<[UInt8]>) {
        let n = a.pointee.count
        count(n)
        raw(at: a)
    }

    /// `raw(_:)` of the bytes at `a`: one copy, no count.
    @inlinable @inline(__always)
    public mutating func raw(at a: UnsafePointer<[UInt8]>) {
        let n = a.pointee.count
        guard n > 0 else { return }
        let at = claim(n)
        // After `claim`, which may move the output: the array does not move.
        (base + at).copyMemory(from: a.element(0), byteCount: n)
    }
}
