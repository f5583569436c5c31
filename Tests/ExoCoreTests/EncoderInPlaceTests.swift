import XCTest
@testable import ExoCore

/// The encoder's in-place forms (`array(at:)`, `raw(at:)`, `element(_:)`)
/// write the bytes their by-value forms write, for empty arrays too.
final class EncoderInPlaceTests: XCTestCase {
    private struct Pair: CanonicalEncodable, Equatable {
        var a: UInt16
        var b: Bool
        func encode(into e: inout CanonicalEncoder) { e.u16(a); e.bool(b) }
    }

    private struct Holder {
        var pairs: [Pair]
        var bytes: [UInt8]
        var nested: [[UInt8]]
    }

    private func encoded(_ body: (inout CanonicalEncoder) -> Void) -> [UInt8] {
        var e = CanonicalEncoder(capacity: 16)
        body(&e)
        return e.bytes
    }

    func testInPlaceFormsWriteTheByValueBytes() {
        let holders = [
            Holder(pairs: [Pair(a: 1, b: true), Pair(a: 0x1234, b: false)], bytes: Array(0..<40), nested: [[1, 2], [], [3]]),
            Holder(pairs: [], bytes: [], nested: []),
        ]
        for h in holders {
            withUnsafePointer(to: h) { p in
                // A 16-byte encoder grows inside `raw(at:)`: the copy lands after the move.
                XCTAssertEqual(encoded { $0.array(at: p.pointer(to: \.bytes)!) }, encoded { $0.array(h.bytes) })
                XCTAssertEqual(encoded { $0.u8(9); $0.raw(at: p.pointer(to: \.bytes)!) },
                               encoded { $0.u8(9); $0.raw(h.bytes) })
                XCTAssertEqual(encoded { $0.array(at: p.pointer(to: \.pairs)!) }, encoded { $0.array(h.pairs) })
                XCTAssertEqual(encoded { $0.array(at: p.pointer(to: \.nested)!) { b, e in e.array(at: b) } },
                               encoded { $0.array(h.nested) })
            }
        }
    }

    func testElementIsTheElementsAddress() {
        let h = Holder(pairs: [Pair(a: 1, b: true), Pair(a: 2, b: false), Pair(a: 3, b: true)], bytes: [], nested: [])
        withUnsafePointer(to: h) { p in
            let a = p.pointer(to: \.pairs)!
            h.pairs.withUnsafeBufferPointer { buf in
                for i in buf.indices {
                    XCTAssertEqual(a.element(i), buf.baseAddress! + i)
                    XCTAssertEqual(a.element(i).pointee, h.pairs[i])
                }
            }
        }
    }
}
