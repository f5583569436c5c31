import ExoCore

/// The hypervisor's private record of a grant entry in use: four pin
/// counters (one per mapping kind), the domain it is pinned for and the
/// frame it pinned. Inactive when every pin is zero.
public struct ActiveEntry: Equatable, Sendable, TableRecord {
    public var hostRead: UInt8 = 0
    public var hostWrite: UInt8 = 0
    public var deviceRead: UInt8 = 0
    public var deviceWrite: UInt8 = 0
    public var domid: DomID = 0
    /// Always zero: makes every byte a field (see `TableRecord`).
    private var reserved: UInt16 = 0
    public var frame: FrameNumber = 0

    /// Xen keeps each pin in eight bits and refuses a pin that would reach
    /// the top bit.
    public static let pinLimit: UInt8 = 0x7F

    public init() {}

    public var totalPins: UInt32 {
        UInt32(hostRead) + UInt32(hostWrite) + UInt32(deviceRead) + UInt32(deviceWrite)
    }
    public var isActive: Bool { totalPins > 0 }
    public var writePins: UInt32 { UInt32(hostWrite) + UInt32(deviceWrite) }

    /// Adds one pin of the given kind; false if it would overflow.
    mutating func pin(device: Bool, write: Bool) -> Bool {
        switch (device, write) {
        case (false, false): guard hostRead < ActiveEntry.pinLimit else { return false }; hostRead += 1
        case (false, true): guard hostWrite < ActiveEntry.pinLimit else { return false }; hostWrite += 1
        case (true, false): guard deviceRead < ActiveEntry.pinLimit else { return false }; deviceRead += 1
        case (true, true): guard deviceWrite < ActiveEntry.pinLimit else { return false }; deviceWrite += 1
        }
        return true
    }

    /// Removes one pin of the given kind (never below zero). An entry whose
    /// last pin goes is reset entirely, so that inactive entries that behave
    /// alike also encode alike.
    mutating func unpin(device: Bool, write: Bool) {
        switch (device, write) {
        case (false, false): if hostRead > 0 { hostRead -= 1 }
        case (false, true): if hostWrite > 0 { hostWrite -= 1 }
        case (true, false): if deviceRead > 0 { deviceRead -= 1 }
        case (true, true): if deviceWrite > 0 { deviceWrite -= 1 }
        }
        if !isActive { self = ActiveEntry() }
    }

    public static var packedSize: Int { 12 }
}

extension ActiveEntry: Codable {
    private enum CodingKeys: String, CodingKey { case hostRead, hostWrite, deviceRead, deviceWrite, domid, frame }
}
