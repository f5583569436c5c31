import XCTest
import ExoCore

/// The per-thread pool that keeps dropped states' buffers for reuse. It
/// holds retained objects by raw pointer, so what must hold is ownership:
/// an object comes back only under its own key, last kept first, and one
/// the full pool refuses is released, not leaked.
final class StoragePoolTests: XCTestCase {
    private final class Box { let n: Int; init(_ n: Int) { self.n = n } }

    /// Keys the rest of the suite never uses (the pool is shared by the
    /// thread: other tests may have left hypervisor buffers in it).
    private let key = -7001, otherKey = -7002

    func testObjectsComeBackUnderTheirKeyLastKeptFirst() {
        let before = StoragePool.keptCount
        let room = StoragePool.capacity - before
        XCTAssertGreaterThanOrEqual(room, 2, "the pool is nearly full before the test")
        let a = Box(1), b = Box(2)
        XCTAssertTrue(StoragePool.put(a, key: key))
        XCTAssertTrue(StoragePool.put(b, key: key))
        XCTAssertEqual(StoragePool.keptCount, before + 2)
        // Another key does not take the top object, and leaves it there.
        XCTAssertNil(StoragePool.take(Box.self, key: otherKey))
        XCTAssertEqual(StoragePool.keptCount, before + 2)
        XCTAssertTrue(StoragePool.take(Box.self, key: key) === b)
        XCTAssertTrue(StoragePool.take(Box.self, key: key) === a)
        XCTAssertEqual(StoragePool.keptCount, before)
    }

    /// A kept object stays alive while the pool holds it, and one the full
    /// pool refuses is released at once.
    func testTheFullPoolRefusesAndReleases() {
        let before = StoragePool.keptCount
        var kept: [Box] = []
        weak var refused: Box?
        do {
            for i in before..<StoragePool.capacity {
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
        while StoragePool.keptCount > before, StoragePool.take(Box.self, key: key) != nil { taken += 1 }
        XCTAssertEqual(taken, StoragePool.capacity - before)
        XCTAssertNil(firstKept, "an object taken back and dropped was not released")
    }
}
