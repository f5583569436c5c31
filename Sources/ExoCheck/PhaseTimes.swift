/// Where a breadth-first search spent its time, by phase: what `exocheck
/// bench` shows to say why `--jobs N` is or is not N times `--jobs 1`.
/// Wall-clock figures, so they change from run to run and are not part of
/// the summary; nothing the search does depends on them.
///
/// With one thread, expanding + merging + folding is nearly the whole run.
/// With N, expanding and merging are spread over the threads, folding runs
/// on one thread while the others wait, and `idle` is what the threads
/// waited inside the parallel sections: for the last chunks of each batch.
public struct PhaseTimes: Equatable, Codable, Sendable {
    /// Thread-seconds spent expanding frontier states (successors made,
    /// fingerprinted, looked up and checked).
    public var expanding: Double = 0
    /// Seconds spent merging the chunks' successors (serial: one chunk at a
    /// time, each while other threads may still expand).
    public var merging: Double = 0
    /// Seconds spent moving each batch's new fingerprints into the visited
    /// set (serial, between batches).
    public var folding: Double = 0
    /// Thread-seconds that threads of a parallel section spent waiting for
    /// work there (0 with one thread).
    public var idle: Double = 0

    public init() {}

    /// Busy thread-seconds: expanding, merging and folding.
    public var busy: Double { expanding + merging + folding }
}

/// Per-thread expanding time inside one parallel section: each thread writes
/// only its own slot, and the engine reads them after the section.
final class ThreadClocks: @unchecked Sendable {
    private let seconds: UnsafeMutableBufferPointer<Double>

    init(threads: Int) {
        seconds = .allocate(capacity: max(1, threads))
        seconds.initialize(repeating: 0)
    }

    deinit { seconds.deallocate() }

    /// Thread `t`'s expanding time this section (set once, by that thread).
    func set(_ t: Int, _ value: Double) { seconds[t] = value }

    /// The sum over the first `threads` slots; clears them.
    func drain(_ threads: Int) -> Double {
        var total = 0.0
        for t in 0..<threads {
            total += seconds[t]
            seconds[t] = 0
        }
        return total
    }
}
