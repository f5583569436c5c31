import ExoCore

/// One capability as the kernel knows it (XOK's `struct Capability`: valid
/// flag, permissions, a short byte-string name), plus the derivation link the
/// kernel keeps so that every capability can be traced to the root it was
/// narrowed from. Environments never hold records, only their serial numbers,
/// which is what makes capabilities unforgeable.
public struct CapabilityRecord: Equatable, Codable, Sendable {
    /// The table slot is taken.
    public var inUse: Bool = false
    /// Serial of the capability this one was derived from; -1 for a root.
    public var parent: Int32 = -1
    /// For a root minted at environment creation, that environment; else -1.
    public var rootOf: Int32 = -1
    public var name: CapName = []
    public var rights: Rights = []
    /// Revoked capabilities stay in the table while held but pass no check.
    public var revoked: Bool = false

    public init() {}

    public init(parent: Int32, rootOf: Int32, name: CapName, rights: Rights) {
        self.inUse = true
        self.parent = parent
        self.rootOf = rootOf
        self.name = name
        self.rights = rights
    }

    /// Whether `prefix` is a prefix of `name` (equal names included).
    public static func isPrefix(_ prefix: CapName, of name: CapName) -> Bool { prefix.isPrefix(of: name) }

    /// XOK's dominance: both valid, our name a prefix of theirs, their rights a subset of ours.
    public func dominates(_ other: CapabilityRecord) -> Bool {
        inUse && !revoked && other.inUse && !other.revoked
            && CapabilityRecord.isPrefix(name, of: other.name) && other.rights.isSubset(of: rights)
    }

    /// The ACL check: this capability, presented for `requested` rights on a
    /// resource whose ACL entry is (`aclName`, `aclRights`), passes when it is
    /// valid, its name is a prefix of the entry's, and the requested rights
    /// are in both.
    public func permits(aclName: CapName, aclRights: Rights, requested: Rights) -> Bool {
        inUse && !revoked && CapabilityRecord.isPrefix(name, of: aclName)
            && requested.isSubset(of: rights) && requested.isSubset(of: aclRights)
    }
}
