import ExoCore

/// Where a physical frame is: exactly one of these at any time.
public enum FrameState: Equatable, Codable, Sendable, CanonicalEncodable {
    /// On the kernel's free list.
    case free
    /// Reserved by the kernel itself.
    case kernel
    /// Owned by an environment.
    case owned(Int)
    /// Taken from its owner while another domain still maps it: neither free
    /// nor allocatable until the foreign mappings are gone.
    case quarantined

    public func encode(into e: inout CanonicalEncoder) {
        switch self {
        case .free: e.u8(0)
        case .kernel: e.u8(1)
        case .owned(let env): e.u8(2); e.small(env)
        case .quarantined: e.u8(3)
        }
    }
}
