/// The flags word of a v1 grant entry. The type sits in the low two bits;
/// bit 2 is the guest's read-only bit (or, on a transfer entry, the
/// hypervisor's transfer-committed bit); bits 3 and 4 are the hypervisor's
/// reading and writing busy bits (or transfer-completed on a transfer entry).
public struct GrantFlags: OptionSet, Equatable, Codable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let typeMask: UInt16 = 0x3
    public static let invalid: UInt16 = 0
    public static let permitAccessType: UInt16 = 1
    public static let acceptTransferType: UInt16 = 2

    public static let permitAccess = GrantFlags(rawValue: 1)
    public static let acceptTransfer = GrantFlags(rawValue: 2)
    public static let readonly = GrantFlags(rawValue: 1 << 2)
    public static let reading = GrantFlags(rawValue: 1 << 3)
    public static let writing = GrantFlags(rawValue: 1 << 4)
    public static let transferCommitted = GrantFlags(rawValue: 1 << 2)
    public static let transferCompleted = GrantFlags(rawValue: 1 << 3)

    /// The entry type (`invalid`, `permitAccessType` or `acceptTransferType`).
    public var type: UInt16 { rawValue & GrantFlags.typeMask }
    public var isPermitAccess: Bool { type == GrantFlags.permitAccessType }
    public var isAcceptTransfer: Bool { type == GrantFlags.acceptTransferType }
    /// Reading or writing is set (only meaningful on permit_access entries).
    public var isBusy: Bool { isPermitAccess && !intersection([.reading, .writing]).isEmpty }
}
