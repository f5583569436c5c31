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

    func testRawBytesAndInt32sEncodeLikeTheirFields() {
        var e = CanonicalEncoder(capacity: 1)
        let bytes: [UInt8] = [1, 2, 3]
        bytes.withUnsafeBytes { e.raw($0) }
        [Int32(-2), 0x0102_0304].withUnsafeBufferPointer { e.int32s($0) }
        var f = CanonicalEncoder()
        f.u8(1); f.u8(2); f.u8(3); f.i32(-2); f.i32(0x0102_0304)
        XCTAssertEqual(e.bytes, f.bytes)
        XCTAssertEqual(e.bytes, [1, 2, 3, 0xFE, 0xFF, 0xFF, 0xFF, 4, 3, 2, 1])
    }
}
