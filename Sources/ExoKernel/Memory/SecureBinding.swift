import ExoCore

/// An authorised binding of one of an environment's virtual pages to a frame:
/// the capability was checked once, at bind time; uses then only consult the
/// cached translation.
public struct SecureBinding: Equatable, Codable, Sendable, CanonicalEncodable {
    public var vpage: Int
    /// Frame index inside the kernel (not the machine number).
    public var frame: Int
    public var rights: Rights
    /// Serial of the capability that authorised it.
    public var cap: Int32

    public init(vpage: Int, frame: Int, rights: Rights, cap: Int32) {
        self.vpage = vpage; self.frame = frame; self.rights = rights; self.cap = cap
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.small(vpage); e.small(frame); rights.encode(into: &e); e.small(Int(cap))
    }
}
