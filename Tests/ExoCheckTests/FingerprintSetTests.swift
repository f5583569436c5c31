import XCTest
import ExoCore
@testable import ExoCheck

final class FingerprintSetTests: XCTestCase {
    /// Grown past a huge page (`TableMemory`'s advised, aligned blocks),
    /// from the small malloc'd table it starts as.
    func testGrowsAndKeepsEveryKey() {
        let set = FingerprintSet<UInt64>(minimumCapacity: 16)
        var mix = SplitMix64(state: 42)
        var keys: [UInt64] = [0, 1, UInt64.max]
        for _ in 0..<300_000 { keys.append(mix.next()) }
        XCTAssertEqual(keys.filter { !set.insert($0) }.count, 0, "a first insert reported a duplicate")
        XCTAssertEqual(keys.filter { set.insert($0) }.count, 0, "a second insert did not report a duplicate")
        XCTAssertEqual(set.count, keys.count)
        XCTAssertGreaterThan(set.capacity, 300_000)
        XCTAssertGreaterThanOrEqual(set.bytes, TableMemory.hugePageBytes)
        XCTAssertLessThanOrEqual(set.loadFactor, 0.8)
        XCTAssertEqual(keys.filter { !set.contains($0) }.count, 0)
        var other = SplitMix64(state: 43)
        for _ in 0..<1000 { XCTAssertFalse(set.contains(other.next())) }
        XCTAssertEqual(set.sortedKeys(), keys.sorted())
    }

    /// A loop that calls `prefetch(ahead:of:in:)` at every iteration asks
    /// for each key's slot once: `ahead` iterations before its probe, or at
    /// the first iteration for the first keys.
    func testPrefetchAsksForEachKeyOnceAheadOfItsProbe() {
        for (ahead, count) in [(16, 0), (16, 1), (16, 16), (16, 17), (16, 100), (1, 5), (0, 4)] {
            var askedAt = Array(repeating: [Int](), count: count)
            for j in 0..<count {
                for k in FingerprintSet<UInt64>.prefetchOffsets(ahead: ahead, at: j, count: count) { askedAt[k].append(j) }
            }
            XCTAssertEqual(askedAt, (0..<count).map { [max(0, $0 - ahead)] }, "ahead \(ahead), count \(count)")
        }
    }

    func testZeroIsAKeyNotAHole() {
        let set = FingerprintSet<UInt64>(minimumCapacity: 16)
        XCTAssertFalse(set.contains(0))
        XCTAssertTrue(set.insert(0))
        XCTAssertTrue(set.contains(0))
        XCTAssertFalse(set.insert(0))
        XCTAssertEqual(set.count, 1)
    }

    func testWideKeys() {
        let set = FingerprintSet<Fingerprint128>(minimumCapacity: 16)
        var mix = SplitMix64(state: 7)
        var keys: [Fingerprint128] = [.zero, Fingerprint128(high: 0, low: 5)]
        for _ in 0..<5000 { keys.append(Fingerprint128(high: mix.next(), low: mix.next())) }
        // Same high word, different low word: must stay distinct.
        keys.append(Fingerprint128(high: keys[3].high, low: keys[3].low ^ 1))
        for k in keys { XCTAssertTrue(set.insert(k)) }
        XCTAssertEqual(set.count, keys.count)
        for k in keys { XCTAssertTrue(set.contains(k)) }
        XCTAssertEqual(set.bytes, set.capacity * 16)
    }

    func testCollisionEstimateFormula() {
        XCTAssertEqual(CollisionEstimate.calculated(distinct: 10, generated: 30, bits: 64), 200.0 / 18_446_744_073_709_551_616.0)
        XCTAssertEqual(CollisionEstimate.calculated(distinct: 10, generated: 10, bits: 64), 0)
        XCTAssertEqual(CollisionEstimate.minimumDistance(sorted: [1, 5, 7, 100] as [UInt64]), 2)
        XCTAssertNil(CollisionEstimate.minimumDistance(sorted: [3] as [UInt64]))
        let wide = [Fingerprint128(high: 1, low: UInt64.max), Fingerprint128(high: 2, low: 1)]
        XCTAssertEqual(CollisionEstimate.minimumDistance(sorted: wide), 2)
        let e = CollisionEstimate(calculated: 0, minimumDistance: 4)
        XCTAssertEqual(e.observed, 0.25)
    }

    func testSignatureIgnoresOrder() {
        var a = SignatureAccumulator(), b = SignatureAccumulator()
        for k: UInt64 in [5, 9, 1 << 63] { a.add(k) }
        for k: UInt64 in [1 << 63, 5, 9] { b.add(k) }
        XCTAssertEqual(a.signature, b.signature)
        b.add(UInt64(3))
        XCTAssertNotEqual(a.signature, b.signature)
        XCTAssertEqual(a.signature.count, 3)
    }

    func testRemoveAllForgetsKeysAndKeepsCapacity() {
        let set = FingerprintSet<UInt64>(minimumCapacity: 16)
        for k in UInt64(0)..<100 { set.insert(k &* 0x9E37_79B9_7F4A_7C15) }
        let capacity = set.capacity
        set.removeAll()
        XCTAssertEqual(set.count, 0)
        XCTAssertEqual(set.capacity, capacity)
        XCTAssertFalse(set.contains(0), "the zero key is forgotten too")
        XCTAssertFalse(set.contains(5 &* 0x9E37_79B9_7F4A_7C15))
        XCTAssertTrue(set.insert(5 &* 0x9E37_79B9_7F4A_7C15))
        XCTAssertTrue(set.insert(0))
        XCTAssertEqual(set.count, 2)
    }
}
