import ExoCore

/// An environment's liveness.
public enum EnvStatus: UInt8, Equatable, Codable, Sendable {
    case free = 0, alive = 1, dead = 2

    public var isAlive: Bool { self == .alive }
}
