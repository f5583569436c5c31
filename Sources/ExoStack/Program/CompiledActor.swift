import ExoCore

/// An actor prepared once for the explorer's hot path: its principal, the
/// call or wait at every pc, and, for every pc whose control flow touches no
/// local (no `repeat` counter on the way), the continuation pcs precomputed.
///
/// A final class holding only constants: the model shares one per actor
/// with every worker thread, and looking one up costs a retain instead of
/// copying an `ActorSpec` with its program.
final class CompiledActor: @unchecked Sendable {
    let principal: Principal
    let program: Program
    /// Every call's operands and flags, flattened (what `actions` reads).
    let plan: CallPlan
    /// Index = pc: the continuation pcs from there (locals unchanged) are
    /// `fixedPCs[fixedStart[pc]..<fixedEnd[pc]]`; `fixedStart[pc]` is -1
    /// when the walk from there reads or writes a counter.
    let fixedStart: [Int32]
    let fixedEnd: [Int32]
    let fixedPCs: [Int32]

    init(_ spec: ActorSpec) {
        principal = spec.principal
        program = spec.program
        plan = CallPlan(spec.program)
        var start: [Int32] = [], end: [Int32] = [], pcs: [Int32] = []
        for pc in spec.program.code.indices {
            if let fixed = spec.program.fixedContinuations(from: Int32(pc)) {
                start.append(Int32(pcs.count))
                pcs.append(contentsOf: fixed)
                end.append(Int32(pcs.count))
            } else {
                start.append(-1)
                end.append(-1)
            }
        }
        fixedStart = start
        fixedEnd = end
        fixedPCs = pcs
    }

    /// The range of `fixedPCs` holding the continuation pcs from `pc`
    /// (locals unchanged), or nil when they depend on locals and must be
    /// walked.
    @inline(__always) func fixedContinuations(at pc: Int32) -> Range<Int>? {
        let p = Int(pc)
        guard p >= 0 && p < fixedStart.count, fixedStart[p] >= 0 else { return nil }
        return Int(fixedStart[p])..<Int(fixedEnd[p])
    }

    /// The pc of continuation `branch` from `actor`, and its locals when the
    /// walk changed them (nil: the actor's own locals are unchanged), or nil
    /// when there is no such branch.
    func continuation(_ branch: Int, of actor: ActorState) -> (pc: Int32, locals: [Int32]?)? {
        if let r = fixedContinuations(at: actor.pc) {
            return branch < r.count ? (fixedPCs[r.lowerBound + branch], nil) : nil
        }
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
