import ExoCore

/// XOK's `struct Env`, cut down to what protection needs: a capability list,
/// upcall entries, secure bindings and their software TLB, the frames it
/// owns and its guaranteed set, visible revocation requests, the
/// repossession vector, CPU accounting, a downloaded filter with its receive
/// queue, and the library OS linked into it.
public struct Environment: Equatable, Codable, Sendable {
    public var status: EnvStatus = .free
    /// Capability serials per slot, -1 for an empty slot.
    public var caps: [Int32]
    public var upcalls = UpcallEntries()
    /// Secure bindings, ascending by virtual page.
    public var bindings: [SecureBinding] = []
    public var stlb: TranslationCache
    /// Frame indices owned, ascending.
    public var owned: [Int] = []
    /// Frame indices in the guaranteed set, ascending (a subset of `owned`).
    public var guaranteed: [Int] = []
    /// Revocation requests: the pending ones are what the library OS sees.
    public var revocations: [RevocationRecord] = []
    /// Frame indices repossessed since the library OS last handled the exception.
    public var repossessed: [Int] = []
    /// A page-fault upcall waiting for the pager: the virtual page, or -1.
    public var pendingFault: Int = -1
    /// Quanta overrun past the grace period (XOK kills after a bound).
    public var penalties: Int = 0
    /// The downloaded packet filter / handler, if any.
    public var filter: [FilterInstruction]? = nil
    /// Packets the filter accepted, oldest first.
    public var rxQueue: [[UInt8]] = []
    /// A filter run exhausted its fuel (never for verified code).
    public var filterOverran: Bool = false
    public var libos: LibOSState

    public init(config: ExoConfig, frames: Int) {
        caps = Array(repeating: -1, count: config.capSlots)
        stlb = TranslationCache(capacity: config.stlbEntries)
        libos = LibOSState(config: config, frames: frames)
    }

    /// Whether the environment runs. Code holding an index asks
    /// `Exokernel.envAlive(e)` instead (see there).
    public var isAlive: Bool { status.isAlive }

    /// The pending revocation requests, in the order they were posted.
    public var pendingRevocations: [RevocationRecord] { revocations.filter { $0.isPending } }

    public func binding(at vpage: Int) -> SecureBinding? { bindings.first { $0.vpage == vpage } }

    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        e.u8(status.rawValue)
        guard status == .alive else { return }
        e.count(caps.count)
        for c in caps { e.small(Int(c)) }
        upcalls.encode(into: &e); e.array(bindings); stlb.encode(into: &e)
        e.smallArray(owned); e.smallArray(guaranteed)
        e.count(revocations.count)
        for r in revocations { r.encode(into: &e, now: now) }
        e.smallArray(repossessed); e.small(pendingFault); e.small(penalties)
        e.optional(filter); e.array(rxQueue); e.bool(filterOverran)
        libos.encode(into: &e)
    }
}
