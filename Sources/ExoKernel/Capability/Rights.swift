import ExoCore

/// Access rights carried by capabilities and ACL entries.
public struct Rights: OptionSet, Equatable, Codable, Sendable, CanonicalEncodable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = Rights(rawValue: 1)
    public static let write = Rights(rawValue: 2)
    /// May be used to derive and hand on narrower capabilities.
    public static let grant = Rights(rawValue: 4)
    public static let all: Rights = [.read, .write, .grant]

    /// True when every right in `self` is also in `other`.
    public func isSubset(of other: Rights) -> Bool { rawValue & ~other.rawValue == 0 }

    public func encode(into e: inout CanonicalEncoder) { e.u8(rawValue) }

    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.grant) ? "g" : "-")
    }
}
