import CXXHash

/// Cache hints: start loading memory the thread is about to read, without
/// waiting for it. A hint only: no fault, no effect on any result, so the
/// explorer issues it for a visited-set slot it looks up a step later and goes
/// on with other work meanwhile.
public enum Prefetch {
    /// The cache line holding `p`.
    @inlinable @inline(__always) public static func line(_ p: UnsafeRawPointer) {
        exocheck_prefetch(p)
    }
}
