import ExoCore

/// A capability's name (XOK: a short byte string; one capability dominates
/// another when its name is a prefix of the other's): at most
/// `CapName.capacity` bytes, held inline.
///
/// Inline, not an array: a frame's ACL entry and every capability record
/// carry one, and a `[UInt8]` there made each copy of a record, and each
/// copy of the frame or capability table (every operation that writes one),
/// retain and release the name's storage. A root's name is shared by every
/// state of a run, so with two explorer threads both cores wrote its
/// reference count (the exokernel bench's two most retained objects). Now
/// `FrameRecord` and `CapabilityRecord` hold no references, and copying a
/// table is a copy of its bytes.
///
/// The canonical encoding and the coded form are a `[UInt8]`'s: a count and
/// the bytes, a JSON array of numbers.
public struct CapName: Equatable, Sendable, Codable, CanonicalEncodable, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    /// The longest name (`ExoConfig.maxNameLength` may not exceed it).
    public static var capacity: Int { 8 }

    /// The bytes, first in the lowest byte; zero past `count`, so that
    /// equal names are equal words.
    private var word: UInt64 = 0
    public private(set) var count: Int = 0

    public init() {}

    /// `bytes` as a name; at most `capacity` of them (a caller checks the
    /// length against `ExoConfig.maxNameLength` first).
    public init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count <= CapName.capacity, "a capability name holds at most \(CapName.capacity) bytes")
        for b in bytes { append(b) }
    }

    public init(arrayLiteral bytes: UInt8...) { self.init(bytes) }

    public var isEmpty: Bool { count == 0 }

    /// Byte `i` (`0 <= i < count`).
    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "name index out of range")
        return UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))
    }

    /// The bytes, in order.
    public var bytes: [UInt8] { (0..<count).map { self[$0] } }

    /// This name followed by `suffix` (the total at most `capacity`).
    public func appending(_ suffix: some Collection<UInt8>) -> CapName {
        precondition(count + suffix.count <= CapName.capacity, "a capability name holds at most \(CapName.capacity) bytes")
        var out = self
        for b in suffix { out.append(b) }
        return out
    }

    private mutating func append(_ b: UInt8) {
        word |= UInt64(b) << (8 * UInt64(count))
        count += 1
    }

    /// Whether this name is a prefix of `name` (the empty name is a prefix
    /// of every name).
    public func isPrefix(of name: CapName) -> Bool {
        guard count <= name.count else { return false }
        let mask: UInt64 = count == 8 ? ~0 : (1 << (8 * UInt64(count))) &- 1
        return name.word & mask == word
    }

    public var description: String { "\(bytes)" }

    /// A count, then the bytes (`CanonicalEncoder.array` of a `[UInt8]`).
    public func encode(into e: inout CanonicalEncoder) {
        e.count(count)
        for i in 0..<count { e.u8(self[i]) }
    }

    public init(from decoder: Decoder) throws {
        let bytes = try [UInt8](from: decoder)
        guard bytes.count <= CapName.capacity else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a capability name of \(bytes.count) bytes (at most \(CapName.capacity))"))
        }
        self.init(bytes)
    }

    public func encode(to encoder: Encoder) throws { try bytes.encode(to: encoder) }
}
