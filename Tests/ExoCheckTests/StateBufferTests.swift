import XCTest
@testable import ExoCheck

/// The buffer hands every state on exactly once: moved out, or destroyed by
/// the buffer itself, never both and never neither.
final class StateBufferTests: XCTestCase {
    /// Counts live instances, so a leak or a double destroy shows.
    final class Tracked {
        static var live = 0
        let value: Int
        init(_ value: Int) { self.value = value; Tracked.live += 1 }
        deinit { Tracked.live -= 1 }
    }

    override func setUp() { Tracked.live = 0 }

    func testMovingEverythingOutEmptiesTheBufferInOrder() {
        let b = StateBuffer<Tracked>(capacity: 1)
        for i in 0..<100 { b.append(Tracked(i)) }   // grows past its capacity
        XCTAssertEqual(b.count, 100)
        XCTAssertEqual(b[37].value, 37)
        var kept: [Tracked] = []
        b.moveOut(where: { _ in true }) { i, t in
            XCTAssertEqual(t.value, i)
            if i % 2 == 0 { kept.append(t) }
        }
        XCTAssertTrue(b.isEmpty)
        XCTAssertEqual(Tracked.live, 50, "the odd ones died when the body let them go")
        kept.removeAll()
        XCTAssertEqual(Tracked.live, 0)
    }

    func testTakenPrefixIsForgottenAndTheRestDestroyed() {
        let b = StateBuffer<Tracked>()
        for i in 0..<10 { b.append(Tracked(i)) }
        var taken: [Tracked] = []
        for i in 0..<4 { taken.append(b.take(i)) }
        XCTAssertEqual(taken.map(\.value), [0, 1, 2, 3])
        b.removeAll(takenPrefix: 4)
        XCTAssertTrue(b.isEmpty)
        XCTAssertEqual(Tracked.live, 4, "slots 4..<10 destroyed, 0..<4 left to their taker")
        taken.removeAll()
        XCTAssertEqual(Tracked.live, 0)
        b.append(Tracked(7))
        XCTAssertEqual(b[0].value, 7, "the buffer is reusable after emptying")
    }

    func testRemoveLastAndDeinitDestroyWhatIsLeft() {
        var b: StateBuffer<Tracked>? = StateBuffer<Tracked>()
        for i in 0..<6 { b!.append(Tracked(i)) }
        b!.removeLast(2)
        XCTAssertEqual(Tracked.live, 4)
        XCTAssertEqual(b!.count, 4)
        b = nil
        XCTAssertEqual(Tracked.live, 0)
    }

    func testMoveOutLeavesTheUnselectedForTheOwner() {
        let b = StateBuffer<Tracked>()
        for i in 0..<10 { b.append(Tracked(i)) }
        var asked: [Int] = [], got: [Int] = []
        var kept: [Tracked] = []
        b.moveOut(where: { i in asked.append(i); return i % 3 == 0 }) { i, t in
            XCTAssertEqual(t.value, i)
            got.append(i)
            kept.append(t)
        }
        XCTAssertEqual(asked, Array(0..<10), "asked once per index, ascending")
        XCTAssertEqual(got, [0, 3, 6, 9])
        XCTAssertEqual(b.count, 6, "the six others stay")
        XCTAssertEqual((0..<6).map { b[$0].value }, [1, 2, 4, 5, 7, 8], "moved to the front, in order")
        XCTAssertEqual(Tracked.live, 10, "nothing destroyed yet")
        b.removeAll()
        XCTAssertEqual(Tracked.live, 4, "the owner destroys the rest")
        kept.removeAll()
        XCTAssertEqual(Tracked.live, 0)
    }
}

#if os(Linux)
/// glibc's size of the block behind a `malloc`ed pointer (not in the Glibc
/// module's headers).
@_silgen_name("malloc_usable_size")
private func mallocUsableSize(_ p: UnsafeMutableRawPointer) -> Int

/// Objects that one thread writes on every transition while another thread
/// works on their neighbours carry `CacheLinePad`s (see there): each
/// allocation must span its pads, or the fields share lines with whatever
/// `malloc` put next to it.
final class CacheLinePadTests: XCTestCase {
    private func allocationBytes(_ object: AnyObject) -> Int {
        mallocUsableSize(Unmanaged.passUnretained(object).toOpaque())
    }

    func testHotObjectsSpanTheirPads() {
        XCTAssertEqual(MemoryLayout<CacheLinePad>.size, 128)
        // Header (16 bytes), two pads, and the fields between them.
        let least = 16 + 2 * MemoryLayout<CacheLinePad>.size
        XCTAssertGreaterThan(allocationBytes(StateBuffer<Int>()), least)
        XCTAssertGreaterThan(allocationBytes(FingerprintSet<UInt64>()), least)
        XCTAssertGreaterThan(allocationBytes(ChunkOutput<Int, UInt64>()), least)
        XCTAssertGreaterThan(allocationBytes(ChunkWorker(expander: Expander<MutexModel, UInt64>(
            model: MutexModel(processes: 2, limit: 1), hooks: .none))), least)
    }
}
#endif
