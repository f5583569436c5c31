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
///
/// Non-copyable: it owns raw memory and writes through a pointer with no
/// copy-on-write check per field (a copyable encoder would have to ask, on
/// every write, whether another copy shares its bytes). Pass it `inout`;
/// hash or read it `borrowing`.
public struct CanonicalEncoder: ~Copyable {
    /// Backing bytes: `capacity` allocated (grown geometrically, never
    /// shrunk); only the first `used` are the encoding.
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    /// How many bytes of `base` are encoded output.
    @usableFromInline var used: Int

    /// The bytes encoded so far (a copy).
    public var bytes: [UInt8] { withEncodedBytes { Array($0) } }

    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 16)
        used = 0
    }

    deinit { base.deallocate() }

    public mutating func reset() { used = 0 }

    public var count: Int { used }

    /// Claims `n` bytes at the end of the output and returns their offset.
    @inlinable @inline(__always) mutating func claim(_ n: Int) -> Int {
        let at = used
        if _slowPath(at &+ n > capacity) { grow(toAtLeast: at &+ n) }
        used = at &+ n
        return at
    }

    @usableFromInline mutating func grow(toAtLeast n: Int) {
        let target = Swift.max(n, capacity * 2)
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: target, alignment: 16)
        fresh.copyMemory(from: base, byteCount: used)
        base.deallocate()
        base = fresh
        capacity = target
    }

    /// Stores a fixed-width integer little-endian.
    @inlinable @inline(__always) mutating func store<T: FixedWidthInteger>(_ v: T) {
        let at = claim(MemoryLayout<T>.size)
        base.storeBytes(of: v.littleEndian, toByteOffset: at, as: T.self)
    }

    /// Calls `body` with the encoded bytes (no copy; valid only inside `body`).
    @inlinable public func withEncodedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: used))
    }

    @inlinable @inline(__always) public mutating func u8(_ v: UInt8) { store(v) }
    @inlinable public mutating func bool(_ v: Bool) { store(UInt8(v ? 1 : 0)) }
    @inlinable public mutating func u16(_ v: UInt16) { store(v) }
    @inlinable public mutating func u32(_ v: UInt32) { store(v) }
    @inlinable public mutating func u64(_ v: UInt64) { store(v) }

    @inlinable public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    @inlinable public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// `Int` is always encoded as 64 bits so the bytes do not depend on the platform.
    @inlinable public mutating func int(_ v: Int) { i64(Int64(v)) }

    /// A length prefix for a collection (32 bits).
    @inlinable @inline(__always) public mutating func count(_ n: Int) {
        precondition(n >= 0 && n <= Int(UInt32.max), "collection too large to encode")
        u32(UInt32(n))
    }

    public mutating func raw(_ data: [UInt8]) {
        let at = claim(data.count)
        let dst = base + at
        data.withUnsafeBytes { src in
            guard let from = src.baseAddress, src.count > 0 else { return }
            dst.copyMemory(from: from, byteCount: src.count)
        }
    }

    /// `bytes` as they are (no count), one copy.
    @inlinable @inline(__always) public mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let from = bytes.baseAddress, bytes.count > 0 else { return }
        let at = claim(bytes.count)
        (base + at).copyMemory(from: from, byteCount: bytes.count)
    }

    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        count(utf8.count)
        raw(utf8)
    }

    @inlinable public mutating func encode<T: CanonicalEncodable>(_ v: T) { v.encode(into: &self) }

    /// Encodes a collection as a count followed by each element, in order.
    @inlinable public mutating func array<T: CanonicalEncodable>(_ a: [T]) {
        count(a.count)
        // Through a buffer pointer: each element is borrowed in place, not
        // copied out (a copy retains every array inside it).
        a.withUnsafeBufferPointer { buf in
            for i in buf.indices { buf[i].encode(into: &self) }
        }
    }

    /// `array` for bytes: the count, then the bytes copied as they are
    /// (the same bytes as the generic `array`, one store instead of one
    /// call per byte).
    @inlinable public mutating func array(_ a: [UInt8]) {
        count(a.count)
        raw(a)
    }

    /// Each value as `i32` writes it, in order (no count), under one claim:
    /// on a little-endian machine, the values' bytes as they sit.
    @inlinable public mutating func int32s(_ values: UnsafeBufferPointer<Int32>) {
        let at = claim(4 &* values.count)
        #if _endian(little)
        guard let from = values.baseAddress else { return }
        (base + at).copyMemory(from: from, byteCount: 4 &* values.count)
        #else
        for k in values.indices {
            base.storeBytes(of: UInt32(bitPattern: values[k]).littleEndian, toByteOffset: at &+ 4 &* k, as: UInt32.self)
        }
        #endif
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
