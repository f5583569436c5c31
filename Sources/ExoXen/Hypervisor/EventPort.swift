import ExoCore

/// The binding state of an event-channel port.
public enum PortState: Equatable, Codable, Sendable {
    case free
    /// Allocated and waiting for `remote` to bind to it.
    case unbound(remote: DomID)
    /// Connected to `port` of domain `remote`.
    case interdomain(remote: DomID, port: PortNumber)
}

/// One event-channel port of a domain, with its pending and mask bits (the
/// bits the guest sees in its shared info page). An event is delivered as
/// an upcall when it becomes pending while unmasked.
public struct EventPort: Equatable, Sendable, TableRecord {
    /// 0 free, 1 unbound, 2 interdomain (see `state`).
    private var kind: UInt8 = 0
    public var pending: Bool = false
    public var masked: Bool = false
    private var reserved: UInt8 = 0
    /// The remote domain (0 when free).
    private var remote: DomID = 0
    /// The domain this port accepts at its other end: the domain it was
    /// reserved for by alloc_unbound, the remote domain it was bound to, or
    /// the peer that closed it. Bookkeeping the isolation checker reads
    /// (Xen forgets it once the port is bound).
    public var accepts: DomID = 0
    /// The remote port (interdomain only; else 0).
    private var remotePort: PortNumber = 0

    public init() {}

    /// The binding state. (Kept as a kind and fields, not as the enum,
    /// whose unused payload bytes would be undefined: see `TableRecord`.)
    public var state: PortState {
        @inline(__always) get {
            switch kind {
            case 1: return .unbound(remote: remote)
            case 2: return .interdomain(remote: remote, port: remotePort)
            default: return .free
            }
        }
        @inline(__always) set {
            switch newValue {
            case .free: kind = 0; remote = 0; remotePort = 0
            case .unbound(let r): kind = 1; remote = r; remotePort = 0
            case .interdomain(let r, let p): kind = 2; remote = r; remotePort = p
            }
        }
    }

    public static var packedSize: Int { 12 }
}

extension EventPort: Codable {
    private enum CodingKeys: String, CodingKey { case state, pending, masked, accepts }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        state = try c.decode(PortState.self, forKey: .state)
        pending = try c.decode(Bool.self, forKey: .pending)
        masked = try c.decode(Bool.self, forKey: .masked)
        accepts = try c.decode(DomID.self, forKey: .accepts)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(pending, forKey: .pending)
        try c.encode(masked, forKey: .masked)
        try c.encode(accepts, forKey: .accepts)
    }
}
