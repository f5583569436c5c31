import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of live `AtomicFileWriter`s, so that SIGINT, SIGTERM
/// or SIGHUP does not leave them behind.
///
/// A fixed table of `slotCount` slots, each an atomic state and a
/// NUL-terminated path, allocated once with the handlers (installed lazily
/// when the first writer opens). The handler only reads the table, claims
/// live slots with a compare-and-swap and calls `unlink` (async-signal-safe),
/// then restores the default disposition and re-raises the signal, so the
/// process still dies of it (exit status 128+N in a shell). A signal whose
/// disposition was not the default when the handlers were installed (e.g.
/// SIGHUP ignored under `nohup`) is left alone.
///
/// A path too long for a slot, or a writer opened while every slot is taken,
/// is simply not registered: its temporary file is then not removed on a
/// signal (it still is on every other path out).
enum TempFileRegistry {
    /// A registered path: the index of its slot.
    typealias Slot = Int

    static let slotCount = 64
    static let pathCapacity = 4096
    static let slotStride = 8 + pathCapacity
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    // Slot states.
    static let free = 0
    static let claimed = 1      // being filled in or emptied by its writer
    static let live = 2         // the handler may unlink it
    static let dying = 3        // the handler took it; never reused

    /// The table; allocated once, never freed.
    nonisolated(unsafe) static let storage: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: slotCount * slotStride, alignment: 16)
        for i in 0..<slotCount {
            (p + i * slotStride).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(free))
            (p + i * slotStride + 8).storeBytes(of: 0, as: UInt8.self)
        }
        return p
    }()

    @inline(__always) static func state(_ i: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        (storage + i * slotStride).assumingMemoryBound(to: Atomic<Int>.self)
    }

    @inline(__always) static func pathBytes(_ i: Int) -> UnsafeMutablePointer<CChar> {
        (storage + i * slotStride + 8).assumingMemoryBound(to: CChar.self)
    }

    /// Installs the handlers (once; later calls do nothing).
    static func installHandlers() { _ = installed }

    private static let installed: Bool = {
        precondition(slotCount == 64 && slotStride == 8 + 4096 && live == 2 && dying == 3,
                     "onSignal's literals must match the table layout")
        _ = storage
        for sig in signals {
            var old = sigaction()
            guard sigaction(sig, nil, &old) == 0, isDefault(old) else { continue }
            var sa = sigaction()
            #if canImport(Glibc)
            sa.__sigaction_handler.sa_handler = onSignal
            #else
            sa.__sigaction_u.__sa_handler = onSignal
            #endif
            sigemptyset(&sa.sa_mask)
            for s in signals { sigaddset(&sa.sa_mask, s) }
            sa.sa_flags = 0
            _ = sigaction(sig, &sa, nil)
        }
        return true
    }()

    private static func isDefault(_ a: sigaction) -> Bool {
        #if canImport(Glibc)
        let h = a.__sigaction_handler.sa_handler
        #else
        let h = a.__sigaction_u.__sa_handler
        #endif
        return h == nil && (a.sa_flags & Int32(SA_SIGINFO)) == 0
    }

    /// Registers `path`; nil if it does not fit a slot or every slot is taken.
    static func register(_ path: String) -> Slot? {
        let utf8 = Array(path.utf8)
        guard utf8.count < pathCapacity, !utf8.contains(0) else { return nil }
        for i in 0..<slotCount where state(i).pointee.compareExchange(
            expected: free, desired: claimed, ordering: .acquiring).exchanged {
            let dst = pathBytes(i)
            utf8.withUnsafeBufferPointer { src in
                UnsafeMutableRawPointer(dst).copyMemory(from: src.baseAddress!, byteCount: src.count)
            }
            dst[utf8.count] = 0
            state(i).pointee.store(live, ordering: .releasing)
            return i
        }
        return nil
    }

    /// Forgets a registration (after the file was renamed or removed).
    static func unregister(_ slot: Slot?) {
        guard let i = slot else { return }
        // Fails only if the handler has taken the slot: the process is dying.
        _ = state(i).pointee.compareExchange(expected: live, desired: free, ordering: .acquiringAndReleasing)
    }

    /// The paths registered now (for tests).
    static func registeredPaths() -> [String] {
        (0..<slotCount).compactMap { i in
            state(i).pointee.load(ordering: .acquiring) == live ? String(cString: pathBytes(i)) : nil
        }
    }

    /// The handler: async-signal-safe calls only (atomics, unlink, signal,
    /// raise). It touches no lazily initialised global but `storage`, which
    /// is set up before any handler is installed; the layout constants are
    /// literals here (checked against the statics in `installed`).
    private static let onSignal: @convention(c) (Int32) -> Void = { sig in
        let base = TempFileRegistry.storage
        for i in 0..<64 {
            let slot = base + i * (8 + 4096)
            if slot.assumingMemoryBound(to: Atomic<Int>.self).pointee
                .compareExchange(expected: 2, desired: 3, ordering: .acquiring).exchanged {
                _ = unlink((slot + 8).assumingMemoryBound(to: CChar.self))
            }
        }
        _ = signal(sig, SIG_DFL)
        _ = raise(sig)
    }
}
