import ExoCore

/// An IPC message in a receive ring.
public struct IPCMessage: Equatable, Codable, Sendable, CanonicalEncodable {
    /// Sending environment and process.
    public var fromEnv: Int
    public var from: Int
    /// Per (sender, receiver) sequence number, modulo `ringSize + 1`.
    public var seq: Int
    public var payload: UInt8

    public init(fromEnv: Int, from: Int, seq: Int, payload: UInt8) {
        self.fromEnv = fromEnv; self.from = from; self.seq = seq; self.payload = payload
    }

    public func encode(into e: inout CanonicalEncoder) { e.small(fromEnv); e.small(from); e.small(seq); e.u8(payload) }
}
