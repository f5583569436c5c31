/// The flags of a grant mapping (Xen's `GNTMAP_*`).
public struct MapFlags: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let deviceMap = MapFlags(rawValue: 1 << 0)
    public static let hostMap = MapFlags(rawValue: 1 << 1)
    public static let readonly = MapFlags(rawValue: 1 << 2)
}
