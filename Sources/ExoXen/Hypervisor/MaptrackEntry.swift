import ExoCore

/// One maptrack slot: what a handle of the mapping domain refers to.
public struct MaptrackEntry: Equatable, Sendable, TableRecord {
    /// The parts still mapped (host, device) and readonly; empty when free.
    public var flags: MapFlags = []
    public var granter: DomID = 0
    /// Always zero: makes every byte a field (see `TableRecord`).
    private var reserved: UInt16 = 0
    public var ref: GrantRef = 0
    /// The host-map address, meaningful while the host part is mapped.
    public var hostAddr: VirtualPage = 0

    public init() {}

    public var isLive: Bool { !flags.intersection([.hostMap, .deviceMap]).isEmpty }

    public static var packedSize: Int { 16 }
}

extension MaptrackEntry: Codable {
    private enum CodingKeys: String, CodingKey { case flags, granter, ref, hostAddr }
}
