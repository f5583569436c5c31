import Dispatch
import ExoCore

extension Engine {
    /// Level-synchronous breadth-first search. A level is expanded in batches
    /// of `options.batchSize` frontier states (fixed, independent of `jobs`,
    /// so which states are "already visited" at a batch start is the same
    /// for every N). Each batch is
    /// split into contiguous chunks expanded in parallel against a read-only
    /// visited set; the chunks are then merged one after another, in
    /// frontier order, on this thread. Ids, parent links, the first
    /// violation and every count are therefore the same for any `jobs`.
    func runBFS(jobs: Int) {
        var seed = makeExpander()
        let s0 = model.initialState()
        guard startInitial(&seed, state: s0, withLinks: true) else { return }
        let chunkCount = jobs == 1 ? 1 : jobs * 4
        let workers = (0..<chunkCount).map { _ in ChunkWorkerBox(ChunkWorker(expander: makeExpander())) }
        var frontier: [M.State] = [s0]
        var ids: [UInt32] = [0]
        var next: [M.State] = []
        var nextIds: [UInt32] = []
        var level = 0

        while !frontier.isEmpty && !stop {
            if let md = options.maxDepth, level >= md {
                if frontier.contains(where: { !model.actions(of: $0).isEmpty }) { halt(.depth) }
                break
            }
            var start = 0
            while start < frontier.count && !stop {
                let end = min(frontier.count, start + max(1, options.batchSize))
                queued = frontier.count - start + next.count
                expandBatch(frontier, ids, start..<end, workers)
                merge(workers, level: level, into: &next, &nextIds)
                for w in workers { w.worker.expander.drainCounters(into: &counters) }
                start = end
                queued = frontier.count - start + next.count
                checkBounds(pending: queued)
                reportProgress()
            }
            if stop { break }
            level += 1
            swap(&frontier, &next)
            swap(&ids, &nextIds)
            next.removeAll(keepingCapacity: true)
            nextIds.removeAll(keepingCapacity: true)
            queued = frontier.count
        }
        reportProgress(force: true)
    }

    private func expandBatch(_ frontier: [M.State], _ ids: [UInt32], _ range: Range<Int>,
                             _ workers: [ChunkWorkerBox<M, K>]) {
        let n = range.count
        // Small batches are not worth a thread hand-off.
        let used = min(workers.count, max(1, n / 32))
        let visited = self.visited
        if used == 1 {
            workers[0].worker.run(frontier: frontier, ids: ids, range: range, visited: visited)
            for w in workers.dropFirst() { w.worker.run(frontier: frontier, ids: ids, range: range.upperBound..<range.upperBound, visited: visited) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers.count) { c in
            let lo = range.lowerBound + n * min(c, used) / used
            let hi = range.lowerBound + n * min(c + 1, used) / used
            workers[c].worker.run(frontier: frontier, ids: ids, range: lo..<hi, visited: visited)
        }
    }

    /// Inserts the workers' successors in frontier order: new ones get the
    /// next ids and join the next level unless they violate an invariant.
    private func merge(_ boxes: [ChunkWorkerBox<M, K>], level: Int,
                       into next: inout [M.State], _ nextIds: inout [UInt32]) {
        outer: for box in boxes {
            let w = box.worker
            var v = 0
            for j in 0..<w.states.count {
                let fp = w.fingerprints[j]
                switch admit(fp) {
                case .known:
                    if v < w.violating.count && w.violating[v].index == j { v += 1 }
                    continue
                case .refused:
                    break outer
                case .new:
                    let id = links.append(parent: w.parents[j], action: w.actions[j])
                    if depth < level + 1 { depth = level + 1 }
                    if v < w.violating.count && w.violating[v].index == j {
                        record(w.violating[v].violations, path: links.path(to: id), fingerprint: fp)
                        v += 1
                        if stop { break outer }
                        continue
                    }
                    next.append(w.states[j])
                    nextIds.append(id)
                }
            }
        }
        // The workers drop their successor buffers at the start of their
        // next run, in parallel: freeing duplicates is not serial work.
    }
}
