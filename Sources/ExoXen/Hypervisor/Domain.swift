/// One domain slot's scalar state: a plain record, kept like the slot's
/// tables (page list, grant entries, active entries, maptrack, ports) in
/// row `d` of the hypervisor's flat tables. The lengths of the
/// variable-length lists are kept here.
public struct Domain: Equatable, Sendable, TableRecord {
    public var lifecycle: DomainLifecycle = .absent
    /// Always zero: make every byte a field (see `TableRecord`).
    private var reserved0: UInt8 = 0, reserved1: UInt8 = 0, reserved2: UInt8 = 0
    /// The most frames the domain may own (its reservation limit).
    public var maxPages: UInt32 = 0
    /// Frames at or above this number cannot be addressed by the domain
    /// (a transfer of such a frame to it fails with `address_too_big`).
    public var addressLimit: FrameNumber = 0
    /// How many frames are on its page list.
    public var pageCount: UInt32 = 0
    /// The size of its grant table in frames; bounds the references in use.
    public var nrGrantFrames: UInt32 = 0
    /// How many handles are on its maptrack free list.
    public var freeHandleCount: UInt32 = 0

    /// A blank record (every field zero).
    init() {}

    /// A fresh (absent) slot: initial grant-table size, every maptrack handle free.
    init(config: XenConfig) {
        nrGrantFrames = UInt32(config.initialGrantFrames)
        freeHandleCount = UInt32(config.maptrackSlots)
    }

    /// The grant references currently addressable.
    func entryCount(perFrame: Int) -> Int { Int(nrGrantFrames) * perFrame }

    public static var packedSize: Int { 24 }
}

extension Domain: Codable {
    private enum CodingKeys: String, CodingKey {
        case lifecycle, maxPages, addressLimit, pageCount, nrGrantFrames, freeHandleCount
    }
}
