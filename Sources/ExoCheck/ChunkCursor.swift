import Dispatch
import Synchronization

/// Hands out the chunks of one BFS batch to worker threads in ascending
/// order and lets the merging thread wait for each in turn.
///
/// `claim` and `finished` are called by workers; `wait(for:)` by the one
/// merging thread, once per chunk, ascending. The semaphore a worker signals
/// after its chunk orders everything the worker wrote before whatever the
/// merger reads after its wait.
final class ChunkCursor: Sendable {
    private let chunks: Int
    private let next = Atomic<Int>(0)
    private let done: [DispatchSemaphore]

    init(chunks: Int) {
        precondition(chunks > 0, "a batch has at least one chunk")
        self.chunks = chunks
        done = (0..<chunks).map { _ in DispatchSemaphore(value: 0) }
    }

    /// The next unclaimed chunk, or nil when all are claimed.
    func claim() -> Int? {
        let c = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return c < chunks ? c : nil
    }

    /// Chunk `c` is expanded; its output belongs to the merger now.
    func finished(_ c: Int) { done[c].signal() }

    /// Blocks until chunk `c` is finished.
    func wait(for c: Int) { done[c].wait() }
}
