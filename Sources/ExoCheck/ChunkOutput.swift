/// What one chunk of a BFS batch kept (`ChunkWorker.run`), from its
/// expansion until the merge has moved the admitted states on; the rest
/// stays until the next chunk expanded into this output destroys it.
///
/// A heap cell per output (`ChunkOutputs` hands them out): the workers
/// write different chunks' outputs at once, and each output's arrays keep
/// their capacity from chunk to chunk.
final class ChunkOutput<State, K: FingerprintKey>: @unchecked Sendable {
    // @unchecked: an output is written by the one worker expanding a chunk
    // into it, then read by the merge once that worker is done
    // (`ChunkCursor` orders them), then handed to the next worker
    // (`ChunkOutputs`, under its lock).
    private let leadingPad = CacheLinePad()
    var output = ExpanderOutput<State, K>()
    private let trailingPad = CacheLinePad()
}
