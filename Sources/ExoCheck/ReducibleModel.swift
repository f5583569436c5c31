import ExoCore

/// The reduction hooks in effect for one run, captured as closures so the
/// engine stays generic over plain `Model`.
struct ReductionHooks<M: Model> {
    var footprint: ((M.Action, M.State) -> Footprint?)?
    var othersReach: ((UInt16, M.State) -> UInt64)?
    var symmetric: ((M.State, inout CanonicalEncoder) -> Void)?
    /// Whether an ample set can exist at all (`ReducibleModel.partialOrderCanReduce`).
    var amplePossible = true

    static var none: ReductionHooks<M> { ReductionHooks(footprint: nil, othersReach: nil, symmetric: nil) }

    /// These hooks with the reductions the options switch off removed.
    func filtered(by options: ExploreOptions) -> ReductionHooks<M> {
        var h = self
        if !options.partialOrderReduction { h.footprint = nil; h.othersReach = nil }
        if !options.symmetryReduction { h.symmetric = nil }
        return h
    }

    var partialOrder: Bool { footprint != nil && othersReach != nil }
    /// Whether expansions look for ample sets: partial-order reduction is on
    /// and the model has not ruled them out.
    var seeksAmpleSets: Bool { partialOrder && amplePossible }
    var symmetry: Bool { symmetric != nil }
}

extension ReductionHooks where M: ReducibleModel {
    /// Every hook the model offers (the options filter them per run).
    static func of(_ model: M) -> ReductionHooks<M> {
        var h = ReductionHooks<M>.none
        h.footprint = { model.footprint(of: $0, in: $1) }
        h.othersReach = { model.othersReach(excluding: $0, in: $1) }
        h.amplePossible = model.partialOrderCanReduce
        if model.hasSymmetry {
            h.symmetric = { model.symmetricFingerprintBytes(of: $0, into: &$1) }
        }
        return h
    }
}
