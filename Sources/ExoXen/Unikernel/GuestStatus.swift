/// The result of a guest-library operation (grant library, vchan): either
/// the library's own refusal or the hypervisor's grant status passed
/// through.
///
/// `code` gives one Int32 per result for traces: hypervisor statuses keep
/// their GNTST value; the library's own codes are -101...-106; event-channel
/// errors are -200 plus their (negative) errno, so no two collide.
public enum GuestStatus: Equatable, Codable, Sendable {
    case okay
    /// The peer still maps the page (Mirage's `Busy`), or a ring is full or
    /// empty: try again later.
    case busy
    /// The library's page pool has no free page.
    case outOfPages
    /// The library has no free grant reference.
    case outOfRefs
    /// No free I/O slot to map a foreign page at.
    case outOfSlots
    /// The page, reference or handle is not one the library handed out in
    /// the needed state.
    case invalid
    /// The channel is not connected (not yet, or no longer).
    case notConnected
    /// The hypervisor refused, with this status.
    case hypervisor(GrantStatus)
    /// An event-channel operation failed, with this errno.
    case evtchn(XenErrno)

    public var code: Int32 {
        switch self {
        case .okay: return 0
        case .busy: return -101
        case .outOfPages: return -102
        case .outOfRefs: return -103
        case .outOfSlots: return -104
        case .invalid: return -105
        case .notConnected: return -106
        case .hypervisor(let s): return s.rawValue
        case .evtchn(let e): return -200 + e.rawValue
        }
    }

    init(_ s: GrantStatus) { self = s == .okay ? .okay : .hypervisor(s) }
    init(_ e: XenErrno) { self = e == .okay ? .okay : .evtchn(e) }
}
