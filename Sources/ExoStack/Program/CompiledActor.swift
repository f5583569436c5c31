import ExoCore

/// An actor prepared once for the explorer's hot path: its program (for the
/// walk from pcs whose control flow reads a `repeat` counter) and its
/// `CallPlan` (principal, the call or wait at every pc, and the continuation
/// pcs precomputed wherever no local is touched on the way).
///
/// A final class holding only constants and owning the plan's memory; the
/// model reads the plans through a frozen copy (`SystemModel.plans`), so the
/// hot path retains nothing.
final class CompiledActor: @unchecked Sendable {
    let program: Program
    /// Every call's operands and flags and the precomputed continuations,
    /// flattened (what `actions` and `apply` read). Owned here: freed in
    /// `deinit`.
    let plan: CallPlan

    init(_ spec: ActorSpec) {
        program = spec.program
        plan = CallPlan(principal: spec.principal, program: spec.program)
    }

    deinit { plan.deallocate() }

    /// The pc of continuation `branch` from `actor`, and its locals when the
    /// walk changed them (nil: the actor's own locals are unchanged), or nil
    /// when there is no such branch.
    func continuation(_ branch: Int, of actor: ActorState) -> (pc: Int32, locals: [Int32]?)? {
        if let pc = plan.fixedContinuation(branch, at: actor.pc) { return (pc, nil) }
        if plan.fixedContinuations(at: actor.pc) != nil { return nil }
        var conts: [Continuation] = []
        program.continuations(of: actor, into: &conts)
        return branch < conts.count ? (conts[branch].pc, conts[branch].locals) : nil
    }
}

extension Program {
    /// The continuation pcs from `pc` when control flow from there never
    /// touches a local, in the order `continuations(of:into:)` lists them;
    /// nil when it does (a `repeat` counter is set or tested on the way).
    func fixedContinuations(from pc: Int32) -> [Int32]? {
        var out: [Int32] = []
        var onPath: [Int32] = []
        return fixedWalk(pc: pc, onPath: &onPath, into: &out) ? out : nil
    }

    /// Mirrors `walk` without locals; false when a counter instruction is reached.
    private func fixedWalk(pc: Int32, onPath: inout [Int32], into out: inout [Int32]) -> Bool {
        guard pc >= 0, Int(pc) < code.count, !onPath.contains(pc) else { return true }
        switch code[Int(pc)] {
        case .call, .wait:
            out.append(pc)
            return true
        case .halt:
            return true
        case .jump(let t):
            onPath.append(pc)
            defer { onPath.removeLast() }
            return fixedWalk(pc: t, onPath: &onPath, into: &out)
        case .choose(let targets):
            onPath.append(pc)
            defer { onPath.removeLast() }
            for t in targets where !fixedWalk(pc: t, onPath: &onPath, into: &out) { return false }
            return true
        case .setCounter, .countDown:
            return false
        }
    }
}
