import XCTest
@testable import ExoCore

final class EncoderTests: XCTestCase {
    func testLittleEndianFixedWidth() {
        var e = CanonicalEncoder()
        e.u16(0x0102); e.u32(0x0304_0506); e.u64(0x0708_090A_0B0C_0D0E); e.int(-1)
        XCTAssertEqual(e.bytes, [0x02, 0x01, 0x06, 0x05, 0x04, 0x03,
                                 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08, 0x07,
                                 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    func testCollectionsAreLengthPrefixed() {
        // [1] ++ [] and [] ++ [1] must not collide.
        var a = CanonicalEncoder(); a.array([UInt8(1)]); a.array([UInt8]())
        var b = CanonicalEncoder(); b.array([UInt8]()); b.array([UInt8(1)])
        XCTAssertNotEqual(a.bytes, b.bytes)
        XCTAssertEqual("hi".canonicalBytes, [2, 0, 0, 0, 0x68, 0x69])
        XCTAssertEqual(Optional<UInt8>.none.canonicalBytes, [0])
        XCTAssertEqual(Optional<UInt8>.some(7).canonicalBytes, [1, 7])
    }

    func testResetKeepsNothing() {
        var e = CanonicalEncoder()
        e.u64(42); e.reset(); e.u8(1)
        XCTAssertEqual(e.bytes, [1])
    }

    func testByteArraysEncodeAsTheGenericArrayWould() {
        let bytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF]
        var fast = CanonicalEncoder()
        fast.array(bytes)
        var generic = CanonicalEncoder()
        generic.count(bytes.count)
        for b in bytes { b.encode(into: &generic) }
        XCTAssertEqual(fast.bytes, generic.bytes)
        XCTAssertEqual(fast.bytes, [5, 0, 0, 0, 0, 1, 0x7F, 0x80, 0xFF])
        var empty = CanonicalEncoder()
        empty.array([UInt8]())
        XCTAssertEqual(empty.bytes, [0, 0, 0, 0])
    }

    func testGrowsPastItsInitialCapacityKeepingWhatItWrote() {
        var e = CanonicalEncoder(capacity: 1)
        for i in 0..<100 { e.u32(UInt32(i)) }
        XCTAssertEqual(e.count, 400)
        let before = e.bytes
        e.u8(9)
        // Growth copied every byte written before it, in place.
        XCTAssertEqual(Array(e.bytes.prefix(400)), before)
        XCTAssertEqual(Array(before.suffix(4)), [99, 0, 0, 0])
        XCTAssertEqual(Array(e.bytes[4..<8]), [1, 0, 0, 0])
        XCTAssertEqual(e.bytes.last, 9)
        XCTAssertEqual(e.fingerprint64(), XXH3.hash64(e.bytes))
    }

    private struct Pair: FixedSizeEncodable {
        var a: UInt16, b: Int32, c: Bool
        static var encodedSize: Int { 7 }
        func encode(into r: inout CanonicalRecord) { r.u16(a); r.i32(b); r.bool(c) }
    }

    /// The same fields written one by one, as a plain `CanonicalEncodable` would.
    private func fieldByField(_ ps: [Pair]) -> [UInt8] {
        var e = CanonicalEncoder()
        e.count(ps.count)
        for p in ps { e.u16(p.a); e.i32(p.b); e.bool(p.c) }
        return e.bytes
    }

    func testFixedSizeRecordsEncodeLikeTheirFields() {
        let ps = [Pair(a: 0x0102, b: -2, c: true), Pair(a: 7, b: 0x0304_0506, c: false)]
        var e = CanonicalEncoder(capacity: 1)
        e.array(ps)
        XCTAssertEqual(e.bytes, fieldByField(ps))
        XCTAssertEqual(ps.canonicalBytes, fieldByField(ps), "the generic array path agrees")
        XCTAssertEqual(ps[0].canonicalBytes, Array(fieldByField([ps[0]]).dropFirst(4)))
        var empty = CanonicalEncoder()
        empty.array([Pair]())
        XCTAssertEqual(empty.bytes, [0, 0, 0, 0])
    }

    func testRecordListsEncodeAsArraysOfTheirSlice() {
        let ps = [Pair(a: 1, b: 2, c: true), Pair(a: 3, b: -4, c: false), Pair(a: 5, b: 6, c: true)]
        var e = CanonicalEncoder(capacity: 1)
        e.record(size: 1 + (4 + 2 * Pair.encodedSize) + 4) { r in
            r.u8(9)
            ps.withUnsafeBufferPointer { all in
                r.list(all, from: 1, count: 2)
                r.list(all, from: 3, count: 0)
            }
        }
        XCTAssertEqual(e.bytes, [9] + fieldByField(Array(ps[1...])) + [0, 0, 0, 0])
    }
}
