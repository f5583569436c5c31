import ExoCore

/// One visible-revocation request and what became of it: posted to the
/// environment (its pending requests are what the library OS sees), then
/// either complied with or aborted. Resolved records are kept just long
/// enough for the invariant checker to see them (until the next operation).
public struct RevocationRecord: Equatable, Codable, Sendable {
    /// Frame index inside the kernel.
    public var frame: Int
    public var issued: Tick
    /// Absolute time at which the kernel takes the frame by force.
    public var deadline: Tick
    /// Whether the abort timer is armed.
    public var armed: Bool = true
    public var compliedAt: Tick?
    public var abortedAt: Tick?

    public init(frame: Int, issued: Tick, deadline: Tick) {
        self.frame = frame; self.issued = issued; self.deadline = deadline
    }

    /// Neither complied with nor aborted yet.
    public var isPending: Bool { compliedAt == nil && abortedAt == nil }

    /// Encodes the record without absolute time: the deadline relative to
    /// `now` while armed, and for each outcome only how it stood against the
    /// deadline (before, at, after), which is all the checker needs.
    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        e.small(frame); e.bool(armed)
        if armed { e.u64(deadline > now ? deadline - now : 0) }
        e.u8(RevocationRecord.relation(compliedAt, deadline))
        e.u8(RevocationRecord.relation(abortedAt, deadline))
    }

    private static func relation(_ t: Tick?, _ deadline: Tick) -> UInt8 {
        guard let t else { return 0 }
        return t < deadline ? 1 : (t == deadline ? 2 : 3)
    }
}
