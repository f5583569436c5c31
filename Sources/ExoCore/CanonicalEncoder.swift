/// The canonical byte encoding of model state.
///
/// Fixed field order, little-endian integers, length-prefixed collections.
/// Two states are the same logical value exactly when their canonical bytes
/// are equal; fingerprints hash these bytes and nothing else (never Swift's
/// `Hasher`, never memory layout).
///
/// The encoder is reused across states on the explorer's hot path: call
/// `reset()` and encode again, so no allocation happens once the buffer has
/// grown to the largest state.
public struct CanonicalEncoder {
    @usableFromInline var storage: [UInt8]

    /// The bytes encoded so far.
    public var bytes: [UInt8] { storage }

    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    public mutating func reset() { storage.removeAll(keepingCapacity: true) }

    public var count: Int { storage.count }

    @inlinable public mutating func u8(_ v: UInt8) { storage.append(v) }
    @inlinable public mutating func bool(_ v: Bool) { storage.append(v ? 1 : 0) }

    @inlinable public mutating func u16(_ v: UInt16) {
        storage.append(UInt8(truncatingIfNeeded: v))
        storage.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    @inlinable public mutating func u32(_ v: UInt32) {
        storage.append(UInt8(truncatingIfNeeded: v))
        storage.append(UInt8(truncatingIfNeeded: v >> 8))
        storage.append(UInt8(truncatingIfNeeded: v >> 16))
        storage.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    @inlinable public mutating func u64(_ v: UInt64) {
        u32(UInt32(truncatingIfNeeded: v))
        u32(UInt32(truncatingIfNeeded: v >> 32))
    }

    @inlinable public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    @inlinable public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// `Int` is always encoded as 64 bits so the bytes do not depend on the platform.
    @inlinable public mutating func int(_ v: Int) { i64(Int64(v)) }

    /// A length prefix for a collection (32 bits).
    @inlinable public mutating func count(_ n: Int) {
        precondition(n >= 0 && n <= Int(UInt32.max), "collection too large to encode")
        u32(UInt32(n))
    }

    public mutating func raw(_ data: [UInt8]) { storage.append(contentsOf: data) }

    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        count(utf8.count)
        storage.append(contentsOf: utf8)
    }

    @inlinable public mutating func encode<T: CanonicalEncodable>(_ v: T) { v.encode(into: &self) }

    /// Encodes a collection as a count followed by each element, in order.
    @inlinable public mutating func array<T: CanonicalEncodable>(_ a: [T]) {
        count(a.count)
        for e in a { e.encode(into: &self) }
    }

    @inlinable public mutating func optional<T: CanonicalEncodable>(_ v: T?) {
        if let v { u8(1); v.encode(into: &self) } else { u8(0) }
    }
}

/// A value with a canonical byte encoding. Implementations write every field
/// that can influence future behaviour, in a fixed order.
public protocol CanonicalEncodable {
    func encode(into e: inout CanonicalEncoder)
}

extension CanonicalEncodable {
    /// The canonical bytes of this value (allocates; not for hot paths).
    public var canonicalBytes: [UInt8] {
        var e = CanonicalEncoder()
        encode(into: &e)
        return e.bytes
    }
}

extension UInt8: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.u8(self) } }
extension UInt16: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.u16(self) } }
extension UInt32: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.u32(self) } }
extension UInt64: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.u64(self) } }
extension Int32: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.i32(self) } }
extension Int64: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.i64(self) } }
extension Int: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.int(self) } }
extension Bool: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.bool(self) } }
extension String: CanonicalEncodable { public func encode(into e: inout CanonicalEncoder) { e.string(self) } }
extension Array: CanonicalEncodable where Element: CanonicalEncodable {
    public func encode(into e: inout CanonicalEncoder) { e.array(self) }
}
extension Optional: CanonicalEncodable where Wrapped: CanonicalEncodable {
    public func encode(into e: inout CanonicalEncoder) { e.optional(self) }
}
