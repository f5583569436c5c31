import ExoCore

/// A domain's grant table: its shared entries and the hypervisor's active
/// entries, sized for the largest table; `nrFrames` bounds what is in use.
public struct GrantTable: Equatable, Codable, Sendable, CanonicalEncodable {
    public var nrFrames: UInt32
    public var entries: [GrantEntry]
    public var active: [ActiveEntry]

    public init(nrFrames: Int, capacity: Int) {
        self.nrFrames = UInt32(nrFrames)
        entries = Array(repeating: GrantEntry(), count: capacity)
        active = Array(repeating: ActiveEntry(), count: capacity)
    }

    @inline(__always) public func encode(into e: inout CanonicalEncoder) {
        e.u32(nrFrames); e.array(entries); e.array(active)
    }
}
