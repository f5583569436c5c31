import ExoCore

/// One page-table entry of a library-OS process: the page table lives in
/// user space; the kernel only sees the secure bindings made from it.
public struct PageTableEntry: Equatable, Codable, Sendable, CanonicalEncodable {
    /// Kernel frame index, or -1 when the page is unmapped.
    public var frame: Int = -1
    public var writable: Bool = false
    /// Mapped through an explicit share from the process holding the frame.
    public var shared: Bool = false
    /// Capability slot the pager binds this page with.
    public var capSlot: Int = -1

    public init() {}

    public var isMapped: Bool { frame >= 0 }

    public func encode(into e: inout CanonicalEncoder) {
        e.small(frame)
        guard frame >= 0 else { return }
        e.bool(writable); e.bool(shared); e.small(capSlot)
    }
}

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
        e.bool(alive)
        guard alive else { return }
        e.small(container); e.array(pages); e.array(ring); e.small(ringFrame); e.smallArray(sendSeq); e.smallArray(recvSeq)
    }
}

/// The library OS linked into one environment: processes, which process
/// each frame was given to, container grants and the scheduler's cursor.
public struct LibOSState: Equatable, Codable, Sendable, CanonicalEncodable {
    public var processes: [LibProcess]
    /// Per kernel frame index: the process the pager gave it to, or -1.
    public var holder: [Int]
    /// Row-major `containers x containers`: IPC and sharing from row to column allowed.
    public var grants: [Bool]
    /// The process the library-OS scheduler runs, or -1.
    public var current: Int = -1

    public init(config: ExoConfig, frames: Int) {
        processes = Array(repeating: LibProcess(pages: config.pagesPerProcess, peers: config.maxEnvs * config.maxProcesses),
                          count: config.maxProcesses)
        holder = Array(repeating: -1, count: frames)
        let c = config.maxContainers
        grants = (0..<(c * c)).map { $0 / c == $0 % c }
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.array(processes); e.smallArray(holder); e.array(grants); e.small(current)
    }
}
