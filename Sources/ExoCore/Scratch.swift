/// Runs `body` with `count` values of scratch memory, each set to `value`,
/// on the stack (the heap past the runtime's stack limit): for a temporary
/// table a hot path needs once per call.
///
/// `Array(repeating:count:)` there is not free beyond its allocation: the
/// standard library's buffer initialiser looks the array's storage type up
/// in the runtime's generic-metadata cache on every call, and that lookup
/// updates a reader count all threads share. On the exokernel bench with
/// two threads the lookups were 1.4% of the samples, and none with one.
@inlinable @inline(__always)
public func withScratch<T, R>(_ value: T, count: Int, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
    precondition(count >= 0, "negative scratch count")
    return try withUnsafeTemporaryAllocation(of: T.self, capacity: Swift.max(1, count)) { all in
        let buffer = UnsafeMutableBufferPointer(rebasing: all[0..<count])
        buffer.initialize(repeating: value)
        defer { buffer.deinitialize() }
        return try body(buffer)
    }
}
