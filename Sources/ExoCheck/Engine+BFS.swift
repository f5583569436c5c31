import Dispatch
import ExoCore

extension Engine {
    /// Level-synchronous breadth-first search. A level is expanded in batches
    /// of `options.batchSize` frontier states (fixed, independent of `jobs`,
    /// so which states are "already visited" at a batch start is the same
    /// for every N). Each batch is split into contiguous chunks expanded in
    /// parallel against a read-only visited set; the chunks are merged one
    /// after another, in frontier order, by whichever worker finishes the
    /// next one in order (`ChunkCursor`). Ids, parent links, the first
    /// violation and every count are therefore the same for any `jobs`.
    func runBFS(jobs: Int) {
        var seed = makeExpander()
        let s0 = model.initialState()
        guard startInitial(&seed, state: s0, withLinks: true) else { return }
        // 32 chunks per job: the last chunk of a batch leaves the other
        // threads idle, for half a chunk on average (docs/explorer.md); the
        // last quarter are smaller (`taperedPart`).
        let chunkCount = jobs == 1 ? 1 : jobs * 32
        let workers = (0..<jobs).map { _ in ChunkWorker(expander: makeExpander()) }
        let outputs = ChunkOutputs<M.State, K>(chunks: chunkCount)
        let clocks = ThreadClocks(threads: jobs)
        // Several chunks per batch: they share what they keep (64-bit
        // fingerprints only, see `ChunkClaims`).
        let claims = chunkCount > 1 && K.bitWidth == 64 && options.shareChunkClaims
            ? ChunkClaims(batchSize: max(1, options.batchSize)) : nil
        var frontier = StateBuffer<M.State>()
        frontier.append(s0)
        var ids: [UInt32] = [0]
        var next = StateBuffer<M.State>()
        var nextIds: [UInt32] = []
        var level = 0
        // The initial state waits too: a depth bound of 0 leaves it unexpanded.
        queued = frontier.count

        while !frontier.isEmpty && !stop {
            if let md = options.maxDepth, level >= md {
                for i in 0..<frontier.count where !model.actions(of: frontier[i]).isEmpty {
                    halt(.depth)
                    break
                }
                break
            }
            // Workers take (and destroy) the frontier states they expand:
            // `start` is how many have been taken.
            var start = 0
            while start < frontier.count && !stop {
                let end = min(frontier.count, start + max(1, options.batchSize))
                queued = frontier.count - start + next.count
                expandAndMerge(frontier, ids, start..<end, workers, outputs, claims, clocks, jobs: jobs, level: level,
                               into: next, &nextIds)
                for w in workers { w.expander.drainCounters(into: &counters) }
                start = end
                queued = frontier.count - start + next.count
                checkBounds(pending: queued)
                reportProgress()
            }
            if stop {
                // States still queued when a bound stops the search: dropped
                // on this thread. Each was allocated by whichever thread
                // made it, and on several threads the frees contend for
                // glibc's arenas (1.2M states: 0.36-0.39 s on two threads,
                // 0.20-0.21 s on one).
                frontier.removeAll(takenPrefix: start)
                next.removeAll(takenPrefix: 0)
                break
            }
            frontier.removeAll(takenPrefix: start)
            level += 1
            swap(&frontier, &next)
            swap(&ids, &nextIds)
            nextIds.removeAll(keepingCapacity: true)
            queued = frontier.count
        }
        reportProgress(force: true)
    }

    /// Expands frontier states `range` in chunks and merges the chunks'
    /// successors in frontier order. One chunk: expand, then merge. Several:
    /// `jobs` threads expand the chunks, taking them in order, and merge
    /// each chunk as soon as it and all before it are done (`ChunkCursor`);
    /// the merge admits into `pending` so the visited set the workers read
    /// stays unchanged until the batch ends (`foldPending`). Times each
    /// phase into `phases` (`clocks`: each thread's expanding time).
    private func expandAndMerge(_ frontier: StateBuffer<M.State>, _ ids: [UInt32], _ range: Range<Int>,
                                _ workers: [ChunkWorker<M, K>], _ outputs: ChunkOutputs<M.State, K>,
                                _ claims: ChunkClaims?, _ clocks: ThreadClocks,
                                jobs: Int, level: Int, into next: StateBuffer<M.State>, _ nextIds: inout [UInt32]) {
        let n = range.count
        // Small batches are not worth a thread hand-off.
        let used = min(outputs.chunks, max(1, n / 32))
        let visited = self.visited
        if used == 1 {
            // One thread: expand and merge slice by slice, so the worker's
            // output stays small enough to be still in the cache when the
            // merge moves it on (a whole batch's successors are tens of
            // megabytes). Admission goes through the pending set, as with
            // several threads: the visited set every slice is expanded
            // against (the cycle proviso asks it) is the batch's start.
            let slices = max(1, n / 256)
            let output = outputs.take()
            beginPending()
            for c in 0..<slices {
                let started = Stopwatch()
                workers[0].run(frontier: frontier, ids: ids, range: range.part(c, of: slices), visited: visited,
                               into: output, continuing: c > 0)
                let expanded = started.seconds
                merge(output, level: level, into: next, &nextIds)
                phases.expanding += expanded
                phases.merging += started.seconds - expanded
            }
            outputs.put(output)
            fold()
            return
        }
        let cursor = ChunkCursor(chunks: used)
        let threads = min(jobs, used)
        let slots = claims?.reset(forBatchOf: n)
        beginPending()
        // The workers merge as they go (see `ChunkCursor`): the merges run
        // one at a time, in chunk order, whichever thread runs them. The
        // violation callback waits for this thread.
        notificationsDeferred = true
        let mergedBefore = phases.merging
        let section = Stopwatch()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var expanding = 0.0
            while let c = cursor.claim() {
                let started = Stopwatch()
                let output = outputs.take()
                workers[t].run(frontier: frontier, ids: ids, range: range.taperedPart(c, of: used), visited: visited,
                               into: output, claims: slots, index: c)
                outputs.assign(output, toChunk: c)
                expanding += started.seconds
                cursor.finished(c) { m in
                    let merging = Stopwatch()
                    let merged = outputs.release(chunk: m)
                    self.merge(merged, level: level, into: next, &nextIds)
                    outputs.put(merged)
                    self.phases.merging += merging.seconds
                }
            }
            clocks.set(t, expanding)
        }
        let sectionSeconds = section.seconds
        precondition(cursor.allMerged, "a batch ended with a chunk not merged")
        let expanded = clocks.drain(threads)
        phases.expanding += expanded
        phases.idle += max(0, Double(threads) * sectionSeconds - expanded - (phases.merging - mergedBefore))
        notificationsDeferred = false
        notifyViolations()
        fold()
    }

    /// `foldPending`, timed.
    private func fold() {
        let started = Stopwatch()
        foldPending()
        phases.folding += started.seconds
    }

    /// Admits one chunk's successors: new ones get the next ids and move
    /// into the next level unless they violate an invariant. Those not
    /// kept stay in the output, and the next chunk expanded into it destroys them.
    private func merge(_ chunk: ChunkOutput<M.State, K>, level: Int,
                       into next: StateBuffer<M.State>, _ nextIds: inout [UInt32]) {
        if chunk.output.states.isEmpty && chunk.output.stuck.isEmpty { return }
        admitSuccessors(of: chunk.output, depth: level + 1) { state, id in
            next.append(consume state)
            nextIds.append(id)
        }
    }
}

extension Range where Bound == Int {
    /// Part `c` of `parts` contiguous parts in which the last quarter are a
    /// quarter the size of the others: the threads still busy when a batch
    /// runs out of chunks finish sooner, and the others wait less (the
    /// parts cover the range in order, whatever `parts` is).
    func taperedPart(_ c: Int, of parts: Int) -> Range<Int> {
        let tail = parts / 4
        let head = parts - tail
        // Weights: 4 for each head part, 1 for each tail part.
        func weightBefore(_ c: Int) -> Int { c <= head ? 4 * c : 4 * head + (c - head) }
        let total = weightBefore(parts), n = count
        return (lowerBound + n * weightBefore(c) / total)..<(lowerBound + n * weightBefore(c + 1) / total)
    }

    /// Part `c` of `parts` contiguous, nearly equal parts (the parts cover
    /// the range in order, whatever `parts` is).
    func part(_ c: Int, of parts: Int) -> Range<Int> {
        let n = count
        return (lowerBound + n * c / parts)..<(lowerBound + n * (c + 1) / parts)
    }
}
