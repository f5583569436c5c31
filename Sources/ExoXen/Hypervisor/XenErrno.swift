/// The result of an event-channel, memory or domain operation: zero or a
/// negated Linux errno, as Xen's hypercalls return them.
///
/// - `esrch`: no such domain, or the domain is not alive.
/// - `einval`: a bad port, a port in the wrong state, or a binding that the
///   remote port does not accept (it is not unbound, or is reserved for
///   another domain).
/// - `enospc`: the domain has no free port.
/// - `enomem`: no free frame, or the domain is at its page limit.
/// - `ebusy`: the frame or domain is in a state that refuses the operation.
/// - `eperm`: the caller may not act on that object (not its frame).
public enum XenErrno: Int32, Equatable, Codable, Sendable, CaseIterable {
    case okay = 0
    case eperm = -1
    case esrch = -3
    case enomem = -12
    case ebusy = -16
    case einval = -22
    case enospc = -28
}
