import CExoPool

/// A few heap objects per thread kept for reuse: storage a dying state
/// owned alone goes here instead of back to `malloc`, and the thread's next
/// copy-on-write of the same size takes it.
///
/// The explorer builds a successor by copying one buffer of its parent and
/// writing it; most successors are already visited and dropped at once,
/// and every parent is dropped after its expansion. Reusing their buffers
/// saves a `malloc` and a `free` per step, and, with several threads, the
/// `free` of memory another thread allocated (a locked arena in glibc).
///
/// Thread-local (in C, `CExoPool`): no locking, and an object kept by one
/// thread is taken only by that thread. At most `EXO_POOL_SLOTS` (8)
/// objects per thread, kept until the thread reuses them: a thread that
/// stops exploring holds on to at most 8 buffers, and when it ends they
/// are never freed: a few kilobytes per thread that ever explored (the
/// calling thread and Dispatch's workers, which a run keeps busy).
///
/// Objects are told apart by their key alone, so one key must always name
/// objects of one class: today only the hypervisor's tables use the pool,
/// keyed by their size in words.
public enum StoragePool {
    /// Keeps `object` (retaining it) for this thread's next `take` with the
    /// same key. Returns false, keeping nothing, when the pool is full.
    @inlinable @inline(__always) public static func put<T: AnyObject>(_ object: T, key: Int) -> Bool {
        let p = Unmanaged.passRetained(object).toOpaque()
        if exo_pool_put(p, key) != 0 { return true }
        Unmanaged<T>.fromOpaque(p).release()
        return false
    }

    /// Releases every object this thread keeps (a test starts from an empty
    /// pool, whatever ran on the thread before it).
    public static func drain() {
        while let p = exo_pool_pop() { Unmanaged<AnyObject>.fromOpaque(p).release() }
    }

    /// How many objects this thread keeps now.
    public static var keptCount: Int { Int(exo_pool_count) }

    /// How many objects a thread keeps at most.
    public static var capacity: Int { Int(EXO_POOL_SLOTS) }

    /// The object this thread kept last, if it was kept with `key` (the
    /// caller owns it now); nil otherwise.
    @inlinable @inline(__always) public static func take<T: AnyObject>(_ type: T.Type, key: Int) -> T? {
        guard let p = exo_pool_take(key) else { return nil }
        return Unmanaged<T>.fromOpaque(p).takeRetainedValue()
    }
}
