import XCTest
import ExoCore

/// The per-thread pool that keeps dropped states' buffers for reuse. It
/// holds retained objects by raw pointer, so what must hold is ownership:
/// an object comes back only under its own key, last kept first, one the
/// full pool refuses is released, not leaked, and `drain` releases all.
final class StoragePoolTests: XCTestCase {
    private final class Box { let n: Int; init(_ n: Int) { self.n = n } }

    /// Keys the rest of the suite never uses.
    private let key = -7001, otherKey = -7002

    /// The pool is the thread's, and explorations earlier on this thread may
    /// have left hypervisor buffers in it: every test starts from empty.
    override func setUp() {
        super.setUp()
        StoragePool.drain()
        XCTAssertEqual(StoragePool.keptCount, 0)
    }

    func testObjectsComeBackUnderTheirKeyLastKeptFirst() {
        let a = Box(1), b = Box(2)
        XCTAssertTrue(StoragePool.put(a, key: key))
        XCTAssertTrue(StoragePool.put(b, key: key))
        XCTAssertEqual(StoragePool.keptCount, 2)
        // Another key does not take the top object, and leaves it there.
        XCTAssertNil(StoragePool.take(Box.self, key: otherKey))
        XCTAssertEqual(StoragePool.keptCount, 2)
        XCTAssertTrue(StoragePool.take(Box.self, key: key) === b)
        XCTAssertTrue(StoragePool.take(Box.self, key: key) === a)
        XCTAssertEqual(StoragePool.keptCount, 0)
        XCTAssertNil(StoragePool.take(Box.self, key: key))
    }

    /// A kept object stays alive while the pool holds it, and one the full
    /// pool refuses is released at once.
    func testTheFullPoolRefusesAndReleases() {
        var kept: [Box] = []
        weak var refused: Box?
        do {
            for i in 0..<StoragePool.capacity {
                let box = Box(i)
                XCTAssertTrue(StoragePool.put(box, key: key))
                kept.append(box)
            }
            let extra = Box(-1)
            refused = extra
            XCTAssertFalse(StoragePool.put(extra, key: key))
        }
        XCTAssertNil(refused, "the refused object was retained")
        XCTAssertEqual(StoragePool.keptCount, StoragePool.capacity)
        weak var firstKept = kept.first
        kept.removeAll()
        XCTAssertNotNil(firstKept, "the pool let go of an object it keeps")
        var taken = 0
        while StoragePool.take(Box.self, key: key) != nil { taken += 1 }
        XCTAssertEqual(taken, StoragePool.capacity)
        XCTAssertNil(firstKept, "an object taken back and dropped was not released")
    }

    /// `drain` empties the pool, whatever the keys, and releases each object.
    func testDrainReleasesEverything() {
        weak var first: Box?, second: Box?
        do {
            let a = Box(1), b = Box(2)
            first = a; second = b
            XCTAssertTrue(StoragePool.put(a, key: key))
            XCTAssertTrue(StoragePool.put(b, key: otherKey))
        }
        XCTAssertNotNil(first)
        XCTAssertNotNil(second)
        StoragePool.drain()
        XCTAssertEqual(StoragePool.keptCount, 0)
        XCTAssertNil(first, "a drained object was not released")
        XCTAssertNil(second, "a drained object was not released")
    }
}
