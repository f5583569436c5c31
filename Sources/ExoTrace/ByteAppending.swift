/// Somewhere bytes can be appended: a growable array for headers, snapshots
/// and footers, a fixed scratch buffer for event records (the hot path).
protocol ByteOutput {
    mutating func append(_ byte: UInt8)
}

extension Array: ByteOutput where Element == UInt8 {}

/// Little-endian fixed-width and LEB128 varint writers for the trace's byte
/// layout. Everything the trace writes goes through these, so the format has
/// one spelling of each integer.
extension ByteOutput {
    /// Appends `v` as an unsigned LEB128 varint (7 bits per byte, low first).
    @inline(__always) mutating func appendVarint(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        append(UInt8(truncatingIfNeeded: x))
    }

    /// Appends a signed value zigzag-mapped (0, -1, 1, -2 … → 0, 1, 2, 3 …) as a varint.
    @inline(__always) mutating func appendZigzag(_ v: Int64) {
        appendVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    @inline(__always) mutating func appendLE16(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v))
        append(UInt8(truncatingIfNeeded: v >> 8))
    }

    @inline(__always) mutating func appendLE32(_ v: UInt32) {
        for s in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }

    @inline(__always) mutating func appendLE64(_ v: UInt64) {
        for s in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }

    /// A 128-bit fingerprint as low word then high word, both little-endian
    /// (the same order as `Fingerprint128.encode(into:)`).
    mutating func appendFingerprint(_ f: Fingerprint128) {
        appendLE64(f.low)
        appendLE64(f.high)
    }

}

extension Array where Element == UInt8 {
    /// A varint byte length followed by the bytes.
    mutating func appendBytes(_ b: [UInt8]) {
        appendVarint(UInt64(b.count))
        append(contentsOf: b)
    }

    /// A varint byte length followed by the UTF-8 bytes.
    mutating func appendString(_ s: String) { appendBytes(Array(s.utf8)) }
}

/// Reads a little-endian integer from `bytes` at `offset` (the caller has
/// checked the bounds).
func readLE<T: FixedWidthInteger & UnsignedInteger>(_ bytes: UnsafeRawBufferPointer, _ offset: Int, as: T.Type) -> T {
    var v: T = 0
    for i in 0..<(T.bitWidth / 8) { v |= T(bytes[offset + i]) << T(8 * i) }
    return v
}

func readLE<T: FixedWidthInteger & UnsignedInteger>(_ bytes: [UInt8], _ offset: Int, as t: T.Type) -> T {
    bytes.withUnsafeBytes { readLE($0, offset, as: t) }
}

import ExoCore

/// A fixed-capacity byte buffer for one event record: no allocation, no
/// uniqueness checks per byte.
struct RecordScratch: ByteOutput {
    /// An event record's largest encoding: tag, choice and clock delta (10
    /// each), actor and op (3 each), count, six operands and the result (5
    /// each), fingerprint (4).
    static let capacity = 1 + 10 + 10 + 3 + 3 + 1 + 6 * 5 + 5 + 4

    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always) mutating func append(_ byte: UInt8) {
        precondition(count < RecordScratch.capacity, "event record larger than its bound")
        base[count] = byte
        count += 1
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
