import Synchronization

/// The chunk outputs of one breadth-first run: the ones not in use, and
/// which output each chunk of the current batch was expanded into.
///
/// A worker takes a free output for each chunk it claims and the merge
/// gives it back, so a run holds about as many outputs as chunks are in
/// flight at once (two or three per thread), not one per chunk of a batch.
/// Last given back, first taken: the output the merge just read (or the
/// worker that merged it had just filled) is likely still in that core's
/// cache when the next chunk is written into it. With one output per chunk
/// of the batch, 64 of them on two threads, every chunk wrote its
/// successors into memory last touched a whole batch earlier.
///
/// What the merge did not keep stays in a free output until its next
/// chunk's worker destroys it (`ChunkWorker.run`), in parallel.
final class ChunkOutputs<State, K: FingerprintKey>: @unchecked Sendable {
    // @unchecked: `free` is locked; a chunk's entry in `assigned` is
    // written by the worker that expanded the chunk and read by its merge
    // afterwards (`ChunkCursor` orders the two).
    private let free = Mutex<[ChunkOutput<State, K>]>([])
    private let assigned: UnsafeMutablePointer<ChunkOutput<State, K>?>
    /// Chunks per batch at most.
    let chunks: Int

    init(chunks: Int) {
        precondition(chunks > 0, "a batch has at least one chunk")
        self.chunks = chunks
        assigned = .allocate(capacity: chunks)
        assigned.initialize(repeating: nil, count: chunks)
    }

    deinit {
        assigned.deinitialize(count: chunks)
        assigned.deallocate()
    }

    /// An output to expand a chunk into: the one given back last, or a new one.
    func take() -> ChunkOutput<State, K> {
        free.withLock { $0.popLast() } ?? ChunkOutput()
    }

    /// Gives `output` back for a later chunk.
    func put(_ output: ChunkOutput<State, K>) {
        free.withLock { $0.append(output) }
    }

    /// How many outputs are free now.
    var freeCount: Int { free.withLock { $0.count } }

    /// Records that chunk `c` of the batch was expanded into `output`.
    func assign(_ output: ChunkOutput<State, K>, toChunk c: Int) {
        precondition(c >= 0 && c < chunks && assigned[c] == nil, "chunk \(c) assigned twice")
        assigned[c] = output
    }

    /// The output chunk `c` was expanded into, forgotten here (the caller
    /// gives it back with `put` once merged).
    func release(chunk c: Int) -> ChunkOutput<State, K> {
        precondition(c >= 0 && c < chunks, "chunk \(c) out of range")
        guard let output = assigned[c] else { preconditionFailure("chunk \(c) has no output") }
        assigned[c] = nil
        return output
    }
}
