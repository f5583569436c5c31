import ExoCore

/// XOK's `struct Env`, cut down to what protection needs: a capability list,
/// upcall entries, secure bindings and their software TLB, the frames it
/// owns and its guaranteed set, visible revocation requests, the
/// repossession vector, CPU accounting, a downloaded filter with its receive
/// queue, and the library OS linked into it.
@dynamicMemberLookup
public struct Environment: Equatable, Codable, Sendable {
    /// The fields, behind one copy-on-write reference. An environment holds
    /// a dozen arrays; as a plain struct, every copy of one (and Swift copies
    /// an array element to call a method on it, to iterate the array, to
    /// compare two arrays of them) retained and released each, on counts
    /// that every state of a run shares. Now a copy retains one box, two
    /// environments that share a box compare equal at once, and a write
    /// copies the box only when another value holds it.
    private var box: CowBox<Fields>

    /// What an environment is. Equality and the coded form are these
    /// fields' (the coded form is unchanged from when they were stored
    /// in `Environment` itself).
    public struct Fields: Equatable, Codable, Sendable {
        public var status: EnvStatus = .free
        /// Capability serials per slot, -1 for an empty slot.
        public var caps: [Int32]
        public var upcalls: UpcallEntries = UpcallEntries()
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

        /// How many stored fields `equal(at:_:)` compares (`EnvironmentBoxTests`
        /// holds it to the struct's).
        static var comparedFields: Int { 15 }

        /// `a.pointee == b.pointee`, field by field where the two lie (in
        /// their boxes): handed whole to `==` from a box, each side was
        /// first copied, a retain and a release of every array in it.
        /// The plain fields first, so most differences cost no array.
        static func equal(at a: UnsafePointer<Fields>, _ b: UnsafePointer<Fields>) -> Bool {
            a.pointee.status == b.pointee.status && a.pointee.pendingFault == b.pointee.pendingFault
                && a.pointee.penalties == b.pointee.penalties && a.pointee.filterOverran == b.pointee.filterOverran
                && a.pointee.caps == b.pointee.caps && a.pointee.upcalls == b.pointee.upcalls
                && a.pointee.bindings == b.pointee.bindings && a.pointee.stlb == b.pointee.stlb
                && a.pointee.owned == b.pointee.owned && a.pointee.guaranteed == b.pointee.guaranteed
                && a.pointee.revocations == b.pointee.revocations && a.pointee.repossessed == b.pointee.repossessed
                && a.pointee.filter == b.pointee.filter && a.pointee.rxQueue == b.pointee.rxQueue
                && LibOSState.equal(at: a.pointer(to: \.libos)!, b.pointer(to: \.libos)!)
        }
    }

    public init(config: ExoConfig, frames: Int) {
        box = CowBox(Fields(caps: Array(repeating: -1, count: config.capSlots),
                         stlb: TranslationCache(capacity: config.stlbEntries),
                         libos: LibOSState(config: config, frames: frames)))
    }

    /// Gives this environment a box of its own before a write.
    @inline(__always) private mutating func makeUnique() {
        CowBox.makeUnique(&box)
    }

    public static func == (a: Environment, b: Environment) -> Bool {
        if a.box === b.box { return true }
        // `inout` for the fields' address in the box (a plain argument is
        // a copy); nothing is written.
        return withUnsafeMutablePointer(to: &a.box.fields) { pa in
            withUnsafeMutablePointer(to: &b.box.fields) { pb in Fields.equal(at: pa, pb) }
        }
    }

    /// Whether `other` holds this very box (then it is equal; false says
    /// nothing): an operation that changed nothing leaves the box shared.
    func sharesStorage(with other: Environment) -> Bool { box === other.box }

    public init(from decoder: Decoder) throws { box = CowBox(try Fields(from: decoder)) }

    public func encode(to encoder: Encoder) throws { try box.fields.encode(to: encoder) }

    /// Each field, read in place or written after making the box this
    /// environment's own (`env.owned`, `env.caps[slot] = serial`, ...).
    public subscript<T>(dynamicMember field: WritableKeyPath<Fields, T>) -> T {
        @inline(__always) get { box.fields[keyPath: field] }
        @inline(__always) _modify {
            makeUnique()
            yield &box.fields[keyPath: field]
        }
    }

    /// Whether the environment runs. Code holding an index asks
    /// `Exokernel.envAlive(e)`, which checks the index too.
    public var isAlive: Bool { box.fields.status.isAlive }

    /// The pending revocation requests, in the order they were posted.
    public var pendingRevocations: [RevocationRecord] { box.fields.revocations.filter { $0.isPending } }

    public func binding(at vpage: Int) -> SecureBinding? { box.fields.bindings.first { $0.vpage == vpage } }

    public func encode(into e: inout CanonicalEncoder, now: Tick) {
        Environment.encode(fields: box.fieldsAddress, into: &e, now: now)
    }

    /// The fields of the environment at `env`, where they lie in its box
    /// (neither retained nor copied; valid while that environment lives
    /// unchanged).
    @inline(__always) static func fields(at env: UnsafePointer<Environment>) -> UnsafePointer<Fields> {
        env.pointee.box.fieldsAddress
    }

    /// `encode(into:now:)` of the environment at `env`, read in place.
    @inline(__always) static func encode(at env: UnsafePointer<Environment>, into e: inout CanonicalEncoder, now: Tick) {
        encode(fields: fields(at: env), into: &e, now: now)
    }

    /// The encoding of the fields at `f`, read in place (see
    /// `CanonicalEncoder+InPlace.swift` in ExoCore).
    @inline(__always) private static func encode(fields f: UnsafePointer<Fields>, into e: inout CanonicalEncoder,
                                                 now: Tick) {
        e.u8(f.pointee.status.rawValue)
        guard f.pointee.status == .alive else { return }
        e.array(at: f.pointer(to: \.caps)!) { c, e in e.small(Int(c.pointee)) }
        f.pointee.upcalls.encode(into: &e); e.array(at: f.pointer(to: \.bindings)!)
        TranslationCache.encode(at: f.pointer(to: \.stlb)!, into: &e)
        e.smallArray(at: f.pointer(to: \.owned)!); e.smallArray(at: f.pointer(to: \.guaranteed)!)
        e.array(at: f.pointer(to: \.revocations)!) { r, e in r.pointee.encode(into: &e, now: now) }
        e.smallArray(at: f.pointer(to: \.repossessed)!); e.small(f.pointee.pendingFault); e.small(f.pointee.penalties)
        // A filter is rare, and copied (retained) only when there is one.
        e.optional(f.pointee.filter)
        e.array(at: f.pointer(to: \.rxQueue)!) { packet, e in e.array(at: packet) }
        e.bool(f.pointee.filterOverran)
        LibOSState.encode(at: f.pointer(to: \.libos)!, into: &e)
    }
}
