/// Where a domain is in its life.
public enum DomainLifecycle: UInt8, Equatable, Codable, Sendable {
    /// The slot holds no domain.
    case absent = 0
    /// Built by the toolstack, not yet unpaused.
    case created = 1
    case running = 2
    /// Destroyed: its resources are released, but frames it granted may
    /// still be mapped by others.
    case dying = 3
    /// Nothing of it remains alive.
    case dead = 4

    /// Created or running: may issue and receive operations.
    @inlinable public var isAlive: Bool {
        @inline(__always) get { self == .created || self == .running }
    }
}
