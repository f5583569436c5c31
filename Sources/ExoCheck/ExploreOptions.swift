import Foundation

/// How to search and when to stop.
public struct ExploreOptions {
    /// The search order.
    public enum Strategy: Equatable, Sendable {
        /// Breadth-first, level by level: counterexamples are shortest. Uses `jobs` threads.
        case bfs
        /// Depth-first over a stack (one thread).
        case dfs
        /// `walks` random walks of at most `depth` steps each, seeded from
        /// `seed`; each walk also draws its own operation weights from its
        /// seed (swarm style), switching some operations off. One thread.
        case random(seed: UInt64, walks: Int, depth: Int)
    }

    /// Fingerprint width in the visited set.
    public enum FingerprintWidth: Int, Equatable, Sendable { case bits64 = 64, bits128 = 128 }

    public var strategy: Strategy = .bfs
    /// States at this depth are not expanded (nil: no bound).
    public var maxDepth: Int? = nil
    /// Stop once this many distinct states are stored (nil: no bound).
    public var maxStates: Int? = nil
    /// Wall-clock seconds (not deterministic: results cut by it are marked
    /// so).
    public var timeLimit: Double? = nil
    /// Bytes the explorer's own tables and queues may use (estimated); the
    /// search stops cleanly before passing it.
    public var memoryLimit: Int? = nil
    /// True when `memoryLimit` comes from the machine (the CLI's default),
    /// not from the user: a run it cuts could stop elsewhere on another
    /// machine, so it is marked nondeterministic like a time-bound run.
    public var memoryLimitFromMachine = false
    public var fingerprint: FingerprintWidth = .bits64
    /// Worker threads for BFS successor generation (≥ 1). Results do not
    /// depend on it.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Violations to collect before stopping (`--continue K`); 1 stops at the first.
    public var maxViolations: Int = 1
    /// Partial-order reduction (needs a `ReducibleModel` that declares footprints).
    public var partialOrderReduction: Bool = true
    /// Symmetry reduction (needs a `ReducibleModel` with a symmetric encoding).
    public var symmetryReduction: Bool = true
    /// Whether counterexamples that may be longer than the shortest (found
    /// by DFS, a random walk, or BFS where partial-order reduction
    /// postponed steps) are shortened before they are reported
    /// (`CounterexampleShortener`). `onViolation` sees each path as found.
    public var shortenCounterexamples: Bool = true
    /// Seconds between progress callbacks.
    public var progressInterval: Double = 1.0
    /// Called on the caller's thread about every `progressInterval` seconds.
    public var onProgress: ((ExploreProgress) -> Void)? = nil
    /// Called on the caller's thread for each violation as it is found, with
    /// its path (the seam through which the CLI writes a trace).
    public var onViolation: ((FoundViolation) -> Void)? = nil
    /// First capacity of the visited set (it grows as needed).
    public var initialCapacity: Int = 1 << 14

    /// Frontier states per BFS batch. Fixed per run and independent of
    /// `jobs` (results depend on it only through which duplicates are known
    /// at a batch start, i.e. not at all for counts); tests shrink it.
    var batchSize: Int = 1 << 14
    /// Whether the chunks of a parallel BFS batch share what they keep
    /// (`ChunkClaims`). Tests turn it off to see what it saves.
    var shareChunkClaims = true

    public init(strategy: Strategy = .bfs) { self.strategy = strategy }
}

/// A snapshot for the live progress line.
public struct ExploreProgress: Equatable, Sendable {
    public var distinct: UInt64
    public var generated: UInt64
    /// Distinct states per second since the start.
    public var statesPerSecond: Double
    public var depth: Int
    /// States waiting to be expanded.
    public var queue: Int
    public var elapsed: Double
    /// Estimated bytes held by the explorer.
    public var memory: Int
}
