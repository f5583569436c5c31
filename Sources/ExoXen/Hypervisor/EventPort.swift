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
public struct EventPort: Equatable, Codable, Sendable, FixedSizeEncodable {
    public var state: PortState = .free
    public var pending: Bool = false
    public var masked: Bool = false
    /// The domain this port accepts at its other end: the domain it was
    /// reserved for by alloc_unbound, the remote domain it was bound to, or
    /// the peer that closed it. Bookkeeping the isolation checker reads
    /// (Xen forgets it once the port is bound).
    public var accepts: DomID = 0

    public init() {}

    public static var encodedSize: Int { 11 }

    @inline(__always) public func encode(into e: inout CanonicalRecord) {
        switch state {
        case .free: e.u8(0); e.u16(0); e.u32(0)
        case .unbound(let r): e.u8(1); e.u16(r); e.u32(0)
        case .interdomain(let r, let p): e.u8(2); e.u16(r); e.u32(p)
        }
        e.bool(pending); e.bool(masked); e.u16(accepts)
    }
}
