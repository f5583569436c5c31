import ExoCore

/// One direction of a vchan: a byte ring in a shared page with a producer
/// and a consumer index. Indices run modulo four times the ring size (the
/// real ring uses free-running 32-bit indices; the smaller modulus keeps
/// state spaces finite while still telling "full" from "overrun").
public struct VchanRing: Equatable, Codable, Sendable, CanonicalEncodable {
    public let capacity: UInt32
    public private(set) var buffer: [UInt8]
    /// Advanced by the writer after it stores a byte.
    public private(set) var prod: UInt32 = 0
    /// Advanced by the reader after it takes a byte.
    public private(set) var cons: UInt32 = 0
    /// Bytes handed to the reading application (bookkeeping for the
    /// integrity check; same modulus as the indices).
    public private(set) var delivered: UInt32 = 0

    public init(capacity: UInt32) {
        self.capacity = max(1, capacity)
        buffer = Array(repeating: 0, count: Int(max(1, capacity)))
    }

    var modulus: UInt32 { capacity * 4 }

    /// Unread bytes, as the indices say.
    public var unread: UInt32 { (prod &+ modulus &- cons) % modulus }
    public var isFull: Bool { unread >= capacity }
    public var isEmpty: Bool { unread == 0 }

    mutating func push(_ byte: UInt8) {
        buffer[Int(prod % capacity)] = byte
        prod = (prod + 1) % modulus
    }

    /// Reads the next byte; advances the consumer index unless `consume` is
    /// false (the vchan-read-skips-consume bug).
    mutating func pop(consume: Bool) -> UInt8 {
        let b = buffer[Int(cons % capacity)]
        if consume { cons = (cons + 1) % modulus }
        delivered = (delivered + 1) % modulus
        return b
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u32(capacity); e.array(buffer); e.u32(prod); e.u32(cons); e.u32(delivered)
    }
}
