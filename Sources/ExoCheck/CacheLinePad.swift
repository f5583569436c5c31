/// 128 bytes of nothing, for the start and the end of an object that one
/// thread writes while another thread works next to it.
///
/// `malloc` places small objects made one after another side by side, often
/// in one cache line: the 64 chunks' `StateBuffer`s of a `--jobs 2` run sat
/// 48 bytes apart, so two threads filling neighbouring chunks wrote one
/// line on every kept successor and read it on every step, and it moved
/// between the cores each time. The same holds for any object one thread
/// writes per transition (a worker's counters) next to one another thread
/// reads per transition (a fingerprint table's pointer and capacity). Two
/// lines: the adjacent-line prefetcher fetches lines in pairs.
struct CacheLinePad {
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}
