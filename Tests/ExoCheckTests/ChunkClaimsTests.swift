import XCTest
import Dispatch
import Synchronization
@testable import ExoCheck

final class ChunkClaimsTests: XCTestCase {
    func testTheEarliestChunkKeepsAndLaterOnesDrop() {
        let claims = ChunkClaims(batchSize: 100)
        claims.reset(forBatchOf: 100)
        XCTAssertTrue(claims.keeps(0xdead_beef, chunk: 3), "the first chunk to register keeps")
        XCTAssertFalse(claims.keeps(0xdead_beef, chunk: 5), "a later chunk drops")
        XCTAssertTrue(claims.keeps(0xdead_beef, chunk: 3), "the same chunk asking again keeps (a proviso retry)")
        XCTAssertTrue(claims.keeps(0xdead_beef, chunk: 1), "an earlier chunk registering later still keeps")
        XCTAssertFalse(claims.keeps(0xdead_beef, chunk: 3), "and from then on chunk 3's copy is the repeat")
        XCTAssertTrue(claims.keeps(0xfeed, chunk: 7), "another key is its own")
        // The largest chunk number, then the smallest: the owner must move
        // across the whole range.
        XCTAssertTrue(claims.keeps(0xabc, chunk: Int32.max - 1))
        XCTAssertTrue(claims.keeps(0xabc, chunk: 0))
        XCTAssertFalse(claims.keeps(0xabc, chunk: 2), "chunk 0 registered it")
    }

    func testZeroIsNeverRegistered() {
        let claims = ChunkClaims(batchSize: 10)
        claims.reset(forBatchOf: 10)
        XCTAssertTrue(claims.keeps(0, chunk: 1))
        XCTAssertTrue(claims.keeps(0, chunk: 2), "the zero key marks a free slot, so it is always kept")
    }

    func testResetForgetsTheBatch() {
        let claims = ChunkClaims(batchSize: 100)
        claims.reset(forBatchOf: 100)
        XCTAssertTrue(claims.keeps(42, chunk: 0))
        XCTAssertFalse(claims.keeps(42, chunk: 1))
        claims.reset(forBatchOf: 20)
        XCTAssertTrue(claims.keeps(42, chunk: 1), "a new batch starts empty")
        // A smaller batch uses fewer slots; the ones the larger one used are
        // cleared too.
        claims.reset(forBatchOf: 100)
        XCTAssertTrue(claims.keeps(42, chunk: 5))
    }

    func testAFullTableKeepsEverything() {
        // 64 slots at least; far more keys than that, each from two chunks:
        // once no slot is free within the probe limit, the answer is "keep".
        let claims = ChunkClaims(batchSize: 1)
        claims.reset(forBatchOf: 1)
        var dropped = 0
        for k in 1...1_000 as ClosedRange<UInt64> {
            let key = k &* 0x9e37_79b9_7f4a_7c15
            XCTAssertTrue(claims.keeps(key, chunk: 0))
            if !claims.keeps(key, chunk: 1) { dropped += 1 }
        }
        // Each of the 64 slots holds one key (a few may stay free when their
        // neighbourhood filled first); the other keys are not registered.
        XCTAssertLessThanOrEqual(dropped, 64)
        XCTAssertGreaterThan(dropped, 48)
    }

    /// Threads register overlapping keys for different chunks at once. A
    /// drop is only ever answered when an earlier chunk registered the key,
    /// and the earliest chunk that registers a key is always told to keep it.
    func testConcurrentRegistrationsNeverDropTheEarliestCopy() {
        let claims = ChunkClaims(batchSize: 4_096)
        claims.reset(forBatchOf: 4_096)
        let chunks = 8, keysPerChunk = 2_000
        // Chunk c registers keys c*500 ..< c*500 + 2000: each key is shared
        // by up to four chunks.
        let answers = Mutex<[[Bool]]>(Array(repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var mine: [Bool] = []
            for j in 0..<keysPerChunk {
                let key = UInt64(c * 500 + j + 1) &* 0x9e37_79b9_7f4a_7c15
                mine.append(claims.keeps(key, chunk: Int32(c)))
            }
            answers.withLock { $0[c] = mine }
        }
        let all = answers.withLock { $0 }
        var drops = 0
        for index in 1...(chunks * 500 + keysPerChunk) {
            let sharers = (0..<chunks).filter { c in index - 1 - c * 500 >= 0 && index - 1 - c * 500 < keysPerChunk }
            guard let first = sharers.first else { continue }
            XCTAssertTrue(all[first][index - 1 - first * 500], "key \(index): its earliest chunk \(first) must keep it")
            for c in sharers.dropFirst() where !all[c][index - 1 - c * 500] { drops += 1 }
        }
        XCTAssertGreaterThan(drops, 0, "some repeats of earlier chunks were caught")
    }
}
