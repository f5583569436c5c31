import ExoCore

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
/// - Partial order: `footprint(of:in:)` names the actor and resources of an
///   enabled action; `othersReach(excluding:in:)` over-approximates every
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
    /// The actor and resources of `action` in `state`; nil if unknown (the
    /// explorer then expands the state fully).
    func footprint(of action: Action, in state: State) -> Footprint?
    /// Every resource that actors other than `actor` may read or write from
    /// `state` on. Default: all of them (no reduction).
    func othersReach(excluding actor: UInt16, in state: State) -> UInt64
    /// Whether `symmetricFingerprintBytes` folds symmetric states.
    var hasSymmetry: Bool { get }
    /// The canonical encoding of the state's symmetry class.
    func symmetricFingerprintBytes(of state: State, into encoder: inout CanonicalEncoder)
}

extension ReducibleModel {
    public func footprint(of action: Action, in state: State) -> Footprint? { nil }
    public func othersReach(excluding actor: UInt16, in state: State) -> UInt64 { ~0 }
    public var hasSymmetry: Bool { false }
    public func symmetricFingerprintBytes(of state: State, into encoder: inout CanonicalEncoder) {
        fingerprintBytes(of: state, into: &encoder)
    }
}

/// The reduction hooks in effect for one run, captured as closures so the
/// engine stays generic over plain `Model`.
struct ReductionHooks<M: Model> {
    var footprint: ((M.Action, M.State) -> Footprint?)?
    var othersReach: ((UInt16, M.State) -> UInt64)?
    var symmetric: ((M.State, inout CanonicalEncoder) -> Void)?

    static var none: ReductionHooks<M> { ReductionHooks(footprint: nil, othersReach: nil, symmetric: nil) }

    /// These hooks with the reductions the options switch off removed.
    func filtered(by options: ExploreOptions) -> ReductionHooks<M> {
        var h = self
        if !options.partialOrderReduction { h.footprint = nil; h.othersReach = nil }
        if !options.symmetryReduction { h.symmetric = nil }
        return h
    }

    var partialOrder: Bool { footprint != nil && othersReach != nil }
    var symmetry: Bool { symmetric != nil }
}

extension ReductionHooks where M: ReducibleModel {
    /// Every hook the model offers (the options filter them per run).
    static func of(_ model: M) -> ReductionHooks<M> {
        var h = ReductionHooks<M>.none
        h.footprint = { model.footprint(of: $0, in: $1) }
        h.othersReach = { model.othersReach(excluding: $0, in: $1) }
        if model.hasSymmetry {
            h.symmetric = { model.symmetricFingerprintBytes(of: $0, into: &$1) }
        }
        return h
    }
}
