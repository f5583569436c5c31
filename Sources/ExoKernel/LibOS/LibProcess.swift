import ExoCore

/// A library-OS process: its container, page table, receive ring and IPC
/// sequence counters.
public struct LibProcess: Equatable, Codable, Sendable, CanonicalEncodable {
    public var alive: Bool = false
    public var container: Int = 0
    public var pages: [PageTableEntry]
    public var ring: [IPCMessage] = []
    /// The frame the receive ring lives in, for messages from other
    /// environments (kernel frame index, -1 when none is registered).
    public var ringFrame: Int = -1
    /// Next sequence number to send, per receiver (global process id:
    /// `env * maxProcesses + pid`).
    public var sendSeq: [Int]
    /// Sequence number of the last message received, per sender (global id).
    public var recvSeq: [Int]

    public init(pages: Int, peers: Int) {
        self.pages = Array(repeating: PageTableEntry(), count: pages)
        self.sendSeq = Array(repeating: 1, count: peers)
        self.recvSeq = Array(repeating: 0, count: peers)
    }

    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { LibProcess.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the process at `p`, read in place.
    @inline(__always) static func encode(at p: UnsafePointer<LibProcess>, into e: inout CanonicalEncoder) {
        e.bool(p.pointee.alive)
        guard p.pointee.alive else { return }
        e.small(p.pointee.container); e.array(at: p.pointer(to: \.pages)!); e.array(at: p.pointer(to: \.ring)!)
        e.small(p.pointee.ringFrame); e.smallArray(at: p.pointer(to: \.sendSeq)!); e.smallArray(at: p.pointer(to: \.recvSeq)!)
    }
}
