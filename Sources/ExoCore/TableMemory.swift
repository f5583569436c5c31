#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for large tables probed at random (the visited set's slots).
///
/// From `hugePageBytes` up, the block is aligned to a huge page and the
/// kernel is asked to back it with transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`, Linux). A probe into a table of tens of
/// megabytes otherwise misses the TLB nearly every time, and on the 2-core
/// VMs a prefetch that misses the TLB waits for the page walk: with 4 KiB
/// pages the explorer sat in its visited-set prefetch for a fifth of its
/// successor loop (docs/explorer.md, "Session 13"). The advice is a hint:
/// where transparent huge pages are off, or the kernel has none to give,
/// the memory is ordinary, and no answer of any table depends on it.
///
/// Smaller blocks come from `malloc`. Every block, large or small, is
/// returned with `deallocate`.
public enum TableMemory {
    /// The size of a transparent huge page on x86-64 and arm64 Linux (4 KiB
    /// base pages), and the size from which a block is advised.
    public static var hugePageBytes: Int { 2 << 20 }

    /// Whether a block of `bytes` is aligned and advised (at least a huge
    /// page: a smaller one could not be backed by one).
    public static func isAdvised(bytes: Int) -> Bool { bytes >= hugePageBytes }

    /// Uninitialized memory for `count` values of `T`. Traps only when the
    /// machine is out of memory (the explorer's bounds keep it from asking
    /// for more than the memory limit).
    public static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        precondition(count > 0, "an empty table block")
        precondition(MemoryLayout<T>.alignment <= 16, "table records are aligned to at most 16 bytes")
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        precondition(!overflow, "a table block of \(count) records overflows the address space")
        var raw: UnsafeMutableRawPointer?
        if isAdvised(bytes: bytes) {
            precondition(posix_memalign(&raw, hugePageBytes, bytes) == 0 && raw != nil,
                         "out of memory for a table of \(bytes) bytes")
            adviseHugePages(raw.unsafelyUnwrapped, bytes: bytes)
        } else {
            raw = malloc(bytes)
            precondition(raw != nil, "out of memory for a table of \(bytes) bytes")
        }
        return raw.unsafelyUnwrapped.bindMemory(to: T.self, capacity: count)
    }

    /// Returns a block from `allocate` (its values deinitialized first, by
    /// the caller, where they need it).
    public static func deallocate<T>(_ p: UnsafeMutablePointer<T>) {
        free(UnsafeMutableRawPointer(p))
    }

    private static func adviseHugePages(_ p: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        // The result is not checked: a kernel without transparent huge
        // pages refuses with EINVAL, and the memory stays ordinary.
        _ = madvise(p, bytes, MADV_HUGEPAGE)
        #endif
    }
}
