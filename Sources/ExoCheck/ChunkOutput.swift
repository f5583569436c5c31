/// What one chunk of a BFS batch kept (`ChunkWorker.run`), from its
/// expansion until the merge has moved the admitted states on; the rest
/// stays until the chunk's next expansion destroys it.
///
/// A heap cell per chunk: the workers write different chunks' outputs at
/// once, and each output's arrays keep their capacity from batch to batch.
final class ChunkOutput<State, K: FingerprintKey>: @unchecked Sendable {
    // @unchecked: a chunk is written by the one worker expanding it, then
    // read by the merge once that worker is done (`ChunkCursor` orders them).
    private let leadingPad = CacheLinePad()
    var output = ExpanderOutput<State, K>()
    private let trailingPad = CacheLinePad()
}
