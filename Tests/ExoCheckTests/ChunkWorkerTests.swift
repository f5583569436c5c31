import XCTest
import ExoCore
@testable import ExoCheck

/// One worker expands chunk after chunk (its thread's share of a batch);
/// each chunk's successors must stay in that chunk until the merge, and be
/// the same as a worker of its own would have made.
final class ChunkWorkerTests: XCTestCase {
    private typealias Worker = ChunkWorker<MutexModel, UInt64>
    private typealias Chunk = ChunkOutput<MutexModel.State, UInt64>

    /// The first two levels of the model's search: the initial state's
    /// successors, as a frontier with ids 1, 2, ...
    private func frontier(_ m: MutexModel) -> (StateBuffer<MutexModel.State>, [UInt32]) {
        var seed = Expander<MutexModel, UInt64>(model: m, hooks: .none)
        seed.expand(m.initialState(), parent: 0, visited: FingerprintSet<UInt64>(), keep: .unvisited)
        let states = StateBuffer<MutexModel.State>()
        seed.output.states.moveOut(where: { _ in true }) { _, s in states.append(s) }
        return (states, (0..<states.count).map { UInt32($0 + 1) })
    }

    private func records(_ c: Chunk) -> [String] {
        (0..<c.output.count).map { "\(c.output.parents[$0]):\(c.output.fingerprints[$0]):\(c.output.actionIndices[$0])" }
    }

    func testOneWorkerKeepsEachChunksSuccessorsApart() {
        let m = MutexModel(processes: 4, limit: 2)
        let visited = FingerprintSet<UInt64>()
        let (f1, ids) = frontier(m)
        XCTAssertGreaterThanOrEqual(f1.count, 4)
        let half = f1.count / 2

        // One worker, two chunks, one after the other.
        let worker = Worker(expander: Expander(model: m, hooks: .none))
        let a = Chunk(), b = Chunk()
        worker.run(frontier: f1, ids: ids, range: 0..<half, visited: visited, into: a)
        worker.run(frontier: f1, ids: ids, range: half..<f1.count, visited: visited, into: b)
        f1.removeAll(takenPrefix: f1.count)

        // A worker per chunk, on a fresh copy of the frontier.
        let (f2, _) = frontier(m)
        let alone = Chunk()
        Worker(expander: Expander(model: m, hooks: .none))
            .run(frontier: f2, ids: ids, range: 0..<half, visited: visited, into: alone)
        let aloneB = Chunk()
        Worker(expander: Expander(model: m, hooks: .none))
            .run(frontier: f2, ids: ids, range: half..<f2.count, visited: visited, into: aloneB)
        f2.removeAll(takenPrefix: f2.count)

        XCTAssertFalse(records(a).isEmpty)
        XCTAssertEqual(records(a), records(alone), "the first chunk lost or gained successors when the worker went on")
        XCTAssertEqual(records(b), records(aloneB))
        XCTAssertEqual(a.output.states.count, a.output.count)
        XCTAssertTrue(a.output.parents.allSatisfy { $0 <= UInt32(half) }, "a successor of the second chunk landed in the first")
        XCTAssertTrue(b.output.parents.allSatisfy { $0 > UInt32(half) })
        XCTAssertEqual(worker.expander.count, 0, "the worker kept nothing of its own")

        // The chunk's next run drops what the merge left.
        let (f3, _) = frontier(m)
        worker.run(frontier: f3, ids: ids, range: 0..<1, visited: visited, into: b)
        f3.removeAll(takenPrefix: 1)
        XCTAssertTrue(b.output.parents.allSatisfy { $0 == 1 }, "the chunk's last successors survived its next run")
        XCTAssertEqual(records(a), records(alone), "another chunk's run touched the first")
    }
}

/// The pool of chunk outputs: last given back, first taken, and each
/// chunk's output found again by its merge.
final class ChunkOutputsTests: XCTestCase {
    private typealias Outputs = ChunkOutputs<Int, UInt64>

    func testTheOutputGivenBackLastIsTakenFirst() {
        let pool = Outputs(chunks: 4)
        XCTAssertEqual(pool.freeCount, 0)
        let a = pool.take(), b = pool.take()
        XCTAssertFalse(a === b, "an empty pool makes a new output each time")
        pool.put(a)
        pool.put(b)
        XCTAssertEqual(pool.freeCount, 2)
        XCTAssertTrue(pool.take() === b, "the output given back last comes first (still in the cache)")
        XCTAssertTrue(pool.take() === a)
        XCTAssertEqual(pool.freeCount, 0)
    }

    func testEachChunkGetsItsOwnOutputBack() {
        let pool = Outputs(chunks: 3)
        let outs = (0..<3).map { _ in pool.take() }
        // Chunks finish out of order; the merge asks in order.
        pool.assign(outs[2], toChunk: 2)
        pool.assign(outs[0], toChunk: 0)
        pool.assign(outs[1], toChunk: 1)
        for c in 0..<3 {
            let o = pool.release(chunk: c)
            XCTAssertTrue(o === outs[c], "chunk \(c)'s merge read another chunk's output")
            pool.put(o)
        }
        XCTAssertEqual(pool.freeCount, 3)
        // Released slots can be assigned again in the next batch.
        let again = pool.take()
        pool.assign(again, toChunk: 0)
        XCTAssertTrue(pool.release(chunk: 0) === again)
    }
}
