/// 128 bytes of nothing, for the start and the end of an object that one
/// thread writes while another thread works next to it.
///
/// `malloc` places small objects made one after another side by side, often
/// in one cache line. When one of them is written on every transition by
/// one thread (a chunk's output count, a worker's counters, the pending
/// set's count during a merge) and its neighbour is read on every
/// transition by another thread (the visited set's table pointer), the
/// line moves between the cores each time. Two lines: the adjacent-line
/// prefetcher fetches lines in pairs.
struct CacheLinePad {
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}
