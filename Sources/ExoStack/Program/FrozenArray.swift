/// A read-only array of plain values in memory of its own, for tables the
/// explorer reads on every step from every worker thread. Reading an
/// element or copying the table touches no reference count (a Swift
/// `Array` shared by all threads would be retained and released on many
/// reads, an atomic operation the cores contend for).
///
/// Whoever builds one owns it and calls `deallocate()` exactly once, after
/// the last read (`CompiledActor` does, in its `deinit`; a value type holds a
/// `FrozenArrayOwner`).
struct FrozenArray<Element> {
    private let base: UnsafeMutablePointer<Element>?
    let count: Int

    init(_ elements: [Element]) {
        precondition(_isPOD(Element.self), "FrozenArray holds plain values only")
        count = elements.count
        if elements.isEmpty {
            base = nil
        } else {
            let p = UnsafeMutablePointer<Element>.allocate(capacity: elements.count)
            p.initialize(from: elements, count: elements.count)
            base = p
        }
    }

    @inline(__always) subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "FrozenArray index out of range")
        return base.unsafelyUnwrapped[i]
    }

    var indices: Range<Int> { 0..<count }

    /// Elements `range` in place (bounds checked once).
    @inline(__always) func buffer(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "FrozenArray range out of range")
        return UnsafeBufferPointer(start: range.isEmpty ? nil : base.unsafelyUnwrapped + range.lowerBound, count: range.count)
    }

    func deallocate() { base?.deallocate() }
}

/// Owns a `FrozenArray` (frees it on `deinit`) for a value type that
/// cannot: hold the owner, read through `table`.
final class FrozenArrayOwner<Element>: @unchecked Sendable {
    let table: FrozenArray<Element>
    init(_ elements: [Element]) { table = FrozenArray(elements) }
    deinit { table.deallocate() }
}
