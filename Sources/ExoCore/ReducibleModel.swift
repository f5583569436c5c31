/// What one action touches: the actor that takes it and the resources it
/// reads or writes, as a bit set of up to 64 resource classes the model
/// chooses (a frame, a grant table, a domain's event channels, ...).
public struct Footprint: Equatable, Sendable {
    public var actor: UInt16
    public var resources: UInt64

    public init(actor: UInt16, resources: UInt64) {
        self.actor = actor
        self.resources = resources
    }
}

/// Optional hooks a model offers so the explorer can reduce the state space.
/// Every default turns the reduction off, so conforming costs nothing.
/// The soundness conditions are in docs/explorer.md; in short:
///
/// - Partial order: `footprint(of:in:)` names the actor of an enabled
///   action and the resources that it, and every other step its actor
///   could take next (enabled now or not: another actor may enable it),
///   may touch; `othersReach(excluding:in:)` over-approximates every
///   resource any *other* actor can touch from this state on, in any future.
///   When all of one actor's enabled actions stay outside that reach, the
///   explorer expands only them (an ample set), unless one of their
///   successors was already visited (the cycle proviso).
/// - Symmetry: `symmetricFingerprintBytes` encodes a canonical
///   representative of the state's symmetry class (for example with
///   identical domains sorted by their own encoding). It must agree with
///   `fingerprintBytes` on states that have no symmetric twin, and every
///   invariant must be symmetric (renaming identical domains preserves it).
public protocol ReducibleModel: Model {
    /// The actor of `action` in `state` and the resources of its actor's
    /// next step, whichever alternative (enabled or not) it turns out to
    /// be; nil if unknown (the explorer then expands the state fully).
    func footprint(of action: Action, in state: State) -> Footprint?
    /// Every resource that actors other than `actor` may read or write from
    /// `state` on. Default: all of them (no reduction).
    func othersReach(excluding actor: UInt16, in state: State) -> UInt64
    /// False when the model knows before the search that no actor's enabled
    /// actions can ever all lie outside the others' reach (every action of
    /// every actor touches something another actor may touch): the explorer
    /// then does not look for ample sets. The reduction stays on; it finds
    /// none, as it would have. Default: true.
    var partialOrderCanReduce: Bool { get }
    /// Whether `symmetricFingerprintBytes` folds symmetric states.
    var hasSymmetry: Bool { get }
    /// The canonical encoding of the state's symmetry class.
    func symmetricFingerprintBytes(of state: State, into encoder: inout CanonicalEncoder)
}

extension ReducibleModel {
    public func footprint(of action: Action, in state: State) -> Footprint? { nil }
    public func othersReach(excluding actor: UInt16, in state: State) -> UInt64 { ~0 }
    public var partialOrderCanReduce: Bool { true }
    public var hasSymmetry: Bool { false }
    public func symmetricFingerprintBytes(of state: State, into encoder: inout CanonicalEncoder) {
        fingerprintBytes(of: state, into: &encoder)
    }
}
