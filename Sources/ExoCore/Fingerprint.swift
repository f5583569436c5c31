import CXXHash

/// XXH3 hashing through libxxhash. These are the only hash functions in the
/// semantics: fingerprints, digests and chain values all come from here.
public enum XXH3 {
    @inlinable public static func hash64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        XXH3_64bits_withSeed(bytes.baseAddress, bytes.count, seed)
    }

    public static func hash64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash64($0, seed: seed) }
    }

    public static func hash128(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> Fingerprint128 {
        let h = XXH3_128bits_withSeed(bytes.baseAddress, bytes.count, seed)
        return Fingerprint128(high: h.high64, low: h.low64)
    }

    public static func hash128(_ bytes: [UInt8], seed: UInt64 = 0) -> Fingerprint128 {
        bytes.withUnsafeBytes { hash128($0, seed: seed) }
    }

    public static func hash128(_ s: String) -> Fingerprint128 { hash128(Array(s.utf8)) }
}

/// A 128-bit XXH3 value, printed big-endian (high then low) as xxhsum does.
public struct Fingerprint128: Equatable, Comparable, Codable, CanonicalEncodable, CustomStringConvertible, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    public static func < (a: Self, b: Self) -> Bool { (a.high, a.low) < (b.high, b.low) }

    public func encode(into e: inout CanonicalEncoder) { e.u64(low); e.u64(high) }

    public var description: String { hex64(high) + hex64(low) }
}

/// Fixed-width lower-case hex, the one spelling of fingerprints everywhere.
public func hex64(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

public func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}

extension CanonicalEncoder {
    /// XXH3-64 of the bytes encoded so far.
    @inlinable public func fingerprint64(seed: UInt64 = 0) -> UInt64 {
        withEncodedBytes { XXH3.hash64($0, seed: seed) }
    }

    @inlinable public func fingerprint128(seed: UInt64 = 0) -> Fingerprint128 {
        withEncodedBytes { XXH3.hash128($0, seed: seed) }
    }
}
