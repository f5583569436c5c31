/// The status a grant-table operation returns, with Xen's `GNTST_*` values.
///
/// Where Xen reports a refusal with a generic code (a grant entry of the
/// wrong type, naming another domain, or read-only when a write mapping was
/// asked for), the model reports the same code: `generalError`.
public enum GrantStatus: Int32, Equatable, Codable, Sendable, CaseIterable {
    case okay = 0
    case generalError = -1
    case badDomain = -2
    case badGntref = -3
    case badHandle = -4
    case badVirtAddr = -5
    case badDevAddr = -6
    case noDeviceSpace = -7
    case permissionDenied = -8
    case badPage = -9
    case badCopyArg = -10
    case addressTooBig = -11
    /// No hypercall returns it here (no paged-out frames are modelled); the
    /// guest-side compare-and-swaps (`endAccess`, `setGrantReadonly`) use
    /// it for "busy: the entry is still mapped, try again".
    case eagain = -12

    /// Xen's lower-case spelling, e.g. `bad_gntref`.
    public var name: String {
        switch self {
        case .okay: return "okay"
        case .generalError: return "general_error"
        case .badDomain: return "bad_domain"
        case .badGntref: return "bad_gntref"
        case .badHandle: return "bad_handle"
        case .badVirtAddr: return "bad_virt_addr"
        case .badDevAddr: return "bad_dev_addr"
        case .noDeviceSpace: return "no_device_space"
        case .permissionDenied: return "permission_denied"
        case .badPage: return "bad_page"
        case .badCopyArg: return "bad_copy_arg"
        case .addressTooBig: return "address_too_big"
        case .eagain: return "eagain"
        }
    }
}
