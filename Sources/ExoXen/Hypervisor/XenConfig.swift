/// The sizes of a modelled hypervisor. Everything is bounded so that state
/// spaces stay finite. Constant for a run; not part of the canonical
/// encoding.
public struct XenConfig: Equatable, Codable, Sendable {
    /// Machine frames, numbered `0..<frames`.
    public var frames: Int
    /// Domain slots, ids `0..<maxDomains`.
    public var maxDomains: Int
    /// Grant entries per grant-table frame (Xen v1 has 512 per 4 KiB frame).
    public var grantEntriesPerFrame: Int
    /// The largest grant table a domain may set up, in frames.
    public var maxGrantFrames: Int
    /// The grant-table size a new domain starts with, in frames.
    public var initialGrantFrames: Int
    /// Maptrack slots (live mapping handles) per mapping domain.
    public var maptrackSlots: Int
    /// Event-channel ports per domain.
    public var portsPerDomain: Int
    /// Virtual pages per domain usable as host-map addresses.
    public var virtualPages: Int

    public init(frames: Int = 8, maxDomains: Int = 3, grantEntriesPerFrame: Int = 4,
                maxGrantFrames: Int = 2, initialGrantFrames: Int = 1, maptrackSlots: Int = 4,
                portsPerDomain: Int = 4, virtualPages: Int = 16) {
        self.frames = frames
        self.maxDomains = maxDomains
        self.grantEntriesPerFrame = grantEntriesPerFrame
        self.maxGrantFrames = maxGrantFrames
        self.initialGrantFrames = initialGrantFrames
        self.maptrackSlots = maptrackSlots
        self.portsPerDomain = portsPerDomain
        self.virtualPages = virtualPages
    }

    /// The most grant entries a domain can ever have.
    public var maxGrantEntries: Int { grantEntriesPerFrame * maxGrantFrames }

    /// The most domain slots a hypervisor has.
    public static let domainLimit = 64
    /// The most grant entries one grant-table frame holds.
    public static let grantEntriesPerFrameLimit = 512

    /// Explains what is wrong with this configuration, or nil if it is usable.
    public func problem() -> String? {
        if frames < 1 || frames > 1 << 20 { return "frames must be in 1...\(1 << 20)" }
        if maxDomains < 1 || maxDomains > Self.domainLimit { return "domains must be in 1...\(Self.domainLimit)" }
        if grantEntriesPerFrame < 1 || grantEntriesPerFrame > Self.grantEntriesPerFrameLimit {
            return "grant entries per frame must be in 1...\(Self.grantEntriesPerFrameLimit)"
        }
        if maxGrantFrames < 1 || maxGrantFrames > 64 { return "grant frames must be in 1...64" }
        if initialGrantFrames < 1 || initialGrantFrames > maxGrantFrames { return "initial grant frames must be in 1...\(maxGrantFrames)" }
        if maptrackSlots < 1 || maptrackSlots > 4096 { return "maptrack slots must be in 1...4096" }
        if portsPerDomain < 1 || portsPerDomain > 4096 { return "ports per domain must be in 1...4096" }
        if virtualPages < 1 || virtualPages > 1 << 20 { return "virtual pages must be in 1...\(1 << 20)" }
        return nil
    }
}
