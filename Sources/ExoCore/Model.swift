/// The model protocol every checker, simulator and replayer works against, in
/// the spirit of stateright: an initial state, the enabled actions in a
/// deterministic order, a pure step, and the properties to check.
///
/// `State` is a value type. Its canonical encoding is what fingerprints hash;
/// its `Codable` form is what trace snapshots store and what divergence
/// reports diff field by field. The two must agree: states that encode to the
/// same canonical bytes must behave identically from then on.
public protocol Model {
    associatedtype State: Equatable & Codable & CanonicalEncodable
    associatedtype Action: Equatable

    /// The initial state.
    func initialState() -> State

    /// Appends the enabled actions of `state` to `actions`, in a deterministic
    /// order (the same state always gives the same list). An empty list means
    /// the state is terminal.
    func actions(of state: State, into actions: inout [Action])

    /// Applies `action` to `state` in place and returns the event that the
    /// trace records for it. Must be a pure function of (state, action).
    func apply(_ action: Action, to state: inout State) -> Event

    /// Appends every property violated in `state` to `violations`, except
    /// the one `stutterViolation(of:)` answers: cheap enough for every state.
    func check(_ state: State, into violations: inout [Violation])

    /// Whether `stutterViolation(of:)` can ever answer anything (asked once
    /// per search). Defaults to false.
    var checksStutter: Bool { get }

    /// The violation of a state in which nothing can change any more (some
    /// action is enabled, yet every one leads back to the state itself: in
    /// exocheck's actors, every call open to them is refused and retried
    /// for ever), or nil, also when the state is a valid end. It applies
    /// every enabled action (`unchangingSteps(in:)`), too dear for every
    /// state: `check` leaves it out, the explorer asks it only of a state
    /// whose expansion met nothing but self-loops, `simulate` after a run
    /// of them, and replays and counterexamples through `checkAll`.
    /// Defaults to nil.
    func stutterViolation(of state: State) -> Violation?

    /// Encodes the part of `state` that determines future behaviour (absolute
    /// time that cannot matter is normalised out). Defaults to the state's
    /// canonical encoding.
    func fingerprintBytes(of state: State, into encoder: inout CanonicalEncoder)

    /// The virtual clock of `state`.
    func clock(of state: State) -> Tick

    /// Whether `next`, made from `state` by `apply`, is still `state`: the
    /// explorer asks this of every step before it fingerprints the
    /// successor, and on true it goes on from `next` in place of `state`
    /// (the next step of the same expansion starts from it), so true must
    /// mean "stands in for `state` in every respect", never merely "compares
    /// equal". It may answer false for an equal state (the fingerprint then
    /// decides). Defaults to `==` (`State`'s equality must then be exact);
    /// a model whose state is built of shared buffers can answer from their
    /// identity instead (a step that writes nothing copies none of them).
    func isUnchanged(_ next: State, from state: State) -> Bool

    /// Called with a state the explorer is about to drop (a successor found
    /// visited, a frontier state once expanded): the model may hand storage
    /// only this state holds to a per-thread reuse pool (`StoragePool`).
    /// Must leave the state droppable and change nothing anyone observes.
    /// Defaults to doing nothing.
    func recycle(_ state: inout State)

    /// Human-readable names used by timelines: actor `i`, operation `j`.
    func actorName(_ actor: UInt16) -> String
    func operationName(_ op: UInt16) -> String
    /// Every `Event.op` the model's actions can take, ascending: coverage
    /// lists those a search never took with a count of 0 (TLC's zero
    /// coverage, the sign of a step no state enables). Defaults to none
    /// (coverage lists only the operations taken).
    var offeredOperations: [UInt16] { get }
    /// One line describing an event, e.g. `d1 map_grant_ref(d0, ref 0, ro) -> handle 0`.
    func describe(_ event: Event) -> String
}

extension Model {
    public func fingerprintBytes(of state: State, into encoder: inout CanonicalEncoder) {
        state.encode(into: &encoder)
    }

    public func isUnchanged(_ next: State, from state: State) -> Bool { next == state }

    public func recycle(_ state: inout State) {}

    public var checksStutter: Bool { false }

    public func stutterViolation(of state: State) -> Violation? { nil }

    /// Whether `next`, made from `state` by one step, is `state` itself:
    /// recognised by `isUnchanged`, or equal (a step that wrote equal
    /// values). What "the step changed nothing" means to the stutter check
    /// everywhere (the explorer's expander asks the two halves apart, since
    /// it needs the first alone for its self-loops).
    public func isSame(_ next: State, as state: State) -> Bool {
        isUnchanged(next, from: state) || next == state
    }

    /// The event of every enabled action of `state`, in action order, when
    /// some action is enabled and none changes the state (`isSame`); nil
    /// otherwise.
    public func unchangingSteps(in state: State) -> [Event]? {
        var enabled: [Action] = []
        actions(of: state, into: &enabled)
        if enabled.isEmpty { return nil }
        var events: [Event] = []
        for a in enabled {
            var next = state
            events.append(apply(a, to: &next))
            if !isSame(next, as: state) { return nil }
        }
        return events
    }

    /// Every property `state` violates: `check`'s, then the stutter
    /// violation when the model checks for one.
    public func checkAll(_ state: State, into violations: inout [Violation]) {
        check(state, into: &violations)
        if checksStutter, let v = stutterViolation(of: state) { violations.append(v) }
    }

    public func actorName(_ actor: UInt16) -> String { "actor\(actor)" }
    public func operationName(_ op: UInt16) -> String { "op\(op)" }
    public var offeredOperations: [UInt16] { [] }

    public func describe(_ event: Event) -> String {
        var s = "\(actorName(event.actor)) \(operationName(event.op))("
        s += event.operands.values.map(String.init).joined(separator: ", ")
        s += ") -> \(event.result)"
        return s
    }

    /// The 64-bit fingerprint of a state (allocates an encoder; the explorer
    /// keeps its own and calls `fingerprintBytes` directly).
    public func fingerprint64(of state: State) -> UInt64 {
        var e = CanonicalEncoder()
        fingerprintBytes(of: state, into: &e)
        return e.fingerprint64()
    }

    public func fingerprint128(of state: State) -> Fingerprint128 {
        var e = CanonicalEncoder()
        fingerprintBytes(of: state, into: &e)
        return e.fingerprint128()
    }

    /// The enabled actions as a fresh array (convenience for tests and tools).
    public func actions(of state: State) -> [Action] {
        var out: [Action] = []
        actions(of: state, into: &out)
        return out
    }

    /// Every property `state` violates (`checkAll`).
    public func violations(of state: State) -> [Violation] {
        var out: [Violation] = []
        checkAll(state, into: &out)
        return out
    }
}

/// What one step did, as the trace records it: who, which operation, with
/// which operands, and the result code. The post-state fingerprint and clock
/// are added by the recorder.
public struct Event: Equatable, Codable, CanonicalEncodable, Sendable {
    public var actor: UInt16
    public var op: UInt16
    public var operands: Operands
    /// The operation's result: 0 for success, a negative status code for a
    /// refusal (Xen's GNTST_* style), or a non-negative value it returned.
    public var result: Int32

    public init(actor: UInt16, op: UInt16, operands: Operands = Operands(), result: Int32 = 0) {
        self.actor = actor
        self.op = op
        self.operands = operands
        self.result = result
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.u16(actor); e.u16(op); operands.encode(into: &e); e.i32(result)
    }
}

/// Up to six small integer operands stored inline (no allocation per event).
public struct Operands: Equatable, Codable, CanonicalEncodable, Sendable {
    public static let capacity = 6
    public var count: UInt8 { storedCount }
    @usableFromInline var storedCount: UInt8 = 0
    /// The values, first `count` in use (the rest stay zero).
    @usableFromInline var slots: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)

    public init() {}

    public init(_ values: Int32...) {
        for v in values { append(v) }
    }

    public init(_ values: [Int32]) {
        for v in values { append(v) }
    }

    @inlinable @inline(__always)
    public mutating func append(_ v: Int32) {
        precondition(count < Operands.capacity, "an event has at most \(Operands.capacity) operands")
        let at = Int(storedCount) &* 4
        withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: v, toByteOffset: at, as: Int32.self) }
        storedCount &+= 1
    }

    @inlinable
    public subscript(i: Int) -> Int32 {
        @inline(__always) get {
            precondition(i >= 0 && i < Int(count), "operand index out of range")
            return withUnsafeBytes(of: slots) { $0.load(fromByteOffset: i &* 4, as: Int32.self) }
        }
    }

    public var values: [Int32] { (0..<Int(count)).map { self[$0] } }

    public func encode(into e: inout CanonicalEncoder) {
        e.u8(count)
        for i in 0..<Int(count) { e.i32(self[i]) }
    }

    public static func == (a: Operands, b: Operands) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<Int(a.count) where a[i] != b[i] { return false }
        return true
    }

    enum CodingKeys: CodingKey { case values }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let vs = try c.decode([Int32].self, forKey: .values)
        guard vs.count <= Operands.capacity else {
            throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "more than \(Operands.capacity) operands")
        }
        self.init(vs)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(values, forKey: .values)
    }
}

/// A property that does not hold in a state: which invariant, and why, in
/// words a kernel engineer can act on.
public struct Violation: Equatable, Codable, Sendable, CustomStringConvertible {
    public var invariant: String
    public var message: String

    public init(_ invariant: String, _ message: String) {
        self.invariant = invariant
        self.message = message
    }

    public var description: String { "\(invariant): \(message)" }
}

/// A named invariant in the catalogue (`exocheck list invariants`).
public struct InvariantInfo: Equatable, Sendable {
    public var name: String
    /// One line: the rule.
    public var summary: String
    /// The layer it belongs to: machine, hypervisor, unikernel, exokernel, libos, world.
    public var layer: String

    public init(name: String, summary: String, layer: String) {
        self.name = name
        self.summary = summary
        self.layer = layer
    }
}

/// A named, deliberate bug that a spec or `--mutant` can switch on
/// (`exocheck list mutants`). Each names the invariant meant to catch it.
public struct MutantInfo: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var breaks: String
    public var layer: String

    public init(name: String, summary: String, breaks: String, layer: String) {
        self.name = name
        self.summary = summary
        self.breaks = breaks
        self.layer = layer
    }
}
