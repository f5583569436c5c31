/// One side of a grant copy: a grant reference of another domain, or a
/// frame of the calling domain (Xen's GNTCOPY_source_gref/dest_gref flags
/// choose between the two).
public enum CopyTarget: Equatable, Codable, Sendable {
    case grant(domain: DomID, ref: GrantRef)
    /// A frame of `domain`, which must be the caller (copy-by-frame is only
    /// allowed on one's own memory).
    case frame(domain: DomID, frame: FrameNumber)
}
