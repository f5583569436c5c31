import ExoCore

/// XOK's `struct Env`, cut down to what protection needs: a capability list,
/// upcall entries, secure bindings and their software TLB, the frames it
/// owns and its guaranteed set, visible revocation requests, the
/// repossession vector, CPU accounting, a downloaded filter with its receive
/// queue, and the library OS linked into it.
public struct Environment: Equatable, Codable, Sendable {
    /// The fields, behind one copy-on-write reference. An environment holds
    /// a dozen arrays; as a plain struct, every copy of one (and Swift copies
    /// an array element to call a method on it, to iterate the array, to
    /// compare two arrays of them) retained and released each, on counts
    /// that every state of a run shares. Now a copy retains one box, two
    /// environments that share a box compare equal at once, and a write
    /// copies the box only when another value holds it.
    private var box: Box

    /// What an environment is. Equality and the coded form are these
    /// fields' (the coded form is unchanged from when they were stored
    /// in `Environment` itself).
    struct Fields: Equatable, Codable, Sendable {
        var status: EnvStatus = .free
        /// Capability serials per slot, -1 for an empty slot.
        var caps: [Int32]
        var upcalls: UpcallEntries = UpcallEntries()
        /// Secure bindings, ascending by virtual page.
        var bindings: [SecureBinding] = []
        var stlb: TranslationCache
        /// Frame indices owned, ascending.
        var owned: [Int] = []
        /// Frame indices in the guaranteed set, ascending (a subset of `owned`).
        var guaranteed: [Int] = []
        /// Revocation requests: the pending ones are what the library OS sees.
        var revocations: [RevocationRecord] = []
        /// Frame indices repossessed since the library OS last handled the exception.
        var repossessed: [Int] = []
        /// A page-fault upcall waiting for the pager: the virtual page, or -1.
        var pendingFault: Int = -1
        /// Quanta overrun past the grace period (XOK kills after a bound).
        var penalties: Int = 0
        /// The downloaded packet filter / handler, if any.
        var filter: [FilterInstruction]? = nil
        /// Packets the filter accepted, oldest first.
        var rxQueue: [[UInt8]] = []
        /// A filter run exhausted its fuel (never for verified code).
        var filterOverran: Bool = false
        var libos: LibOSState
    }

    /// The box. Its field skips Swift's dynamic exclusivity check: a box
    /// is written only through an environment that holds it alone.
    final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    public init(config: ExoConfig, frames: Int) {
        box = Box(Fields(caps: Array(repeating: -1, count: config.capSlots),
                         stlb: TranslationCache(capacity: config.stlbEntries),
                         libos: LibOSState(config: config, frames: frames)))
    }

    /// Gives this environment a box of its own before a write.
    @inline(__always) private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    public static func == (a: Environment, b: Environment) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    public init(from decoder: Decoder) throws { box = Box(try Fields(from: decoder)) }

    public func encode(to encoder: Encoder) throws { try box.fields.encode(to: encoder) }

    public var status: EnvStatus {
        get { box.fields.status }
        _modify {
            makeUnique()
            yield &box.fields.status
        }
    }
    /// Capability serials per slot, -1 for an empty slot.
    public var caps: [Int32] {
        get { box.fields.caps }
        _modify {
            makeUnique()
            yield &box.fields.caps
        }
    }
    public var upcalls: UpcallEntries {
        get { box.fields.upcalls }
        _modify {
            makeUnique()
            yield &box.fields.upcalls
        }
    }
    /// Secure bindings, ascending by virtual page.
    public var bindings: [SecureBinding] {
        get { box.fields.bindings }
        _modify {
            makeUnique()
            yield &box.fields.bindings
        }
    }
    public var stlb: TranslationCache {
        get { box.fields.stlb }
        _modify {
            makeUnique()
            yield &box.fields.stlb
        }
    }
    /// Frame indices owned, ascending.
    public var owned: [Int] {
        get { box.fields.owned }
        _modify {
            makeUnique()
            yield &box.fields.owned
        }
    }
    /// Frame indices in the guaranteed set, ascending (a subset of `owned`).
    public var guaranteed: [Int] {
        get { box.fields.guaranteed }
        _modify {
            makeUnique()
            yield &box.fields.guaranteed
        }
    }
    /// Revocation requests: the pending ones are what the library OS sees.
    public var revocations: [RevocationRecord] {
        get { box.fields.revocations }
        _modify {
            makeUnique()
            yield &box.fields.revocations
        }
    }
    /// Frame indices repossessed since the library OS last handled the exception.
    public var repossessed: [Int] {
        get { box.fields.repossessed }
        _modify {
            makeUnique()
            yield &box.fields.repossessed
        }
    }
    /// A page-fault upcall waiting for the pager: the virtual page, or -1.
    public var pendingFault: Int {
        get { box.fields.pendingFault }
        _modify {
            makeUnique()
            yield &box.fields.pendingFault
        }
    }
    /// Quanta overrun past the grace period (XOK kills after a bound).
    public var penalties: Int {
        get { box.fields.penalties }
        _modify {
            makeUnique()
            yield &box.fields.penalties
        }
    }
    /// The downloaded packet filter / handler, if any.
    public var filter: [FilterInstruction]? {
        get { box.fields.filter }
        _modify {
            makeUnique()
            yield &box.fields.filter
        }
    }
    /// Packets the filter accepted, oldest first.
    public var rxQueue: [[UInt8]] {
        get { box.fields.rxQueue }
        _modify {
            makeUnique()
            yield &box.fields.rxQueue
        }
    }
    /// A filter run exhausted its fuel (never for verified code).
    public var filterOverran: Bool {
        get { box.fields.filterOverran }
        _modify {
            makeUnique()
            yield &box.fields.filterOverran
        }
    }
    public var libos: LibOSState {
        get { box.fields.libos }
        _modify {
            makeUnique()
            yield &box.fields.libos
        }
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
