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
}
