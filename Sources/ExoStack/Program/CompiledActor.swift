import ExoCore

/// An actor prepared once for the explorer's hot path: its principal, the
/// call or wait at every pc, and, for every pc whose control flow touches no
/// local (no `repeat` counter on the way), the continuation pcs precomputed.
///
/// A final class holding only constants: the model shares one per actor
/// with every worker thread, and looking one up costs a retain instead of
/// copying an `ActorSpec` with its program.
final class CompiledActor: @unchecked Sendable {
    /// The call or wait at a pc, with whether it is a wait.
    struct Step {
        let call: Call
        let isWait: Bool
    }

    let principal: Principal
    let program: Program
    /// Index = pc; nil where the instruction is control flow.
    let steps: [Step?]
    /// Index = pc; the continuation pcs from there (locals unchanged), or nil
    /// when the walk from there reads or writes a counter.
    let fixedContinuations: [[Int32]?]

    init(_ spec: ActorSpec) {
        principal = spec.principal
        program = spec.program
        steps = spec.program.code.map {
            switch $0 {
            case .call(let c): return Step(call: c, isWait: false)
            case .wait(let c): return Step(call: c, isWait: true)
            default: return nil
            }
        }
        fixedContinuations = spec.program.code.indices.map { spec.program.fixedContinuations(from: Int32($0)) }
    }

    /// The precomputed continuation pcs from `pc` (locals unchanged), or
    /// nil when they depend on locals and must be walked.
    @inline(__always) func fixedContinuations(at pc: Int32) -> [Int32]? {
        let p = Int(pc)
        return p >= 0 && p < fixedContinuations.count ? fixedContinuations[p] : nil
    }

    /// The continuation `branch` of `actor`, or nil if there is none.
    func continuation(_ branch: Int, of actor: ActorState) -> (pc: Int32, locals: [Int32])? {
        if let pcs = fixedContinuations(at: actor.pc) {
            return branch < pcs.count ? (pcs[branch], actor.locals) : nil
        }
        var conts: [Continuation] = []
        program.continuations(of: actor, into: &conts)
        return branch < conts.count ? (conts[branch].pc, conts[branch].locals) : nil
    }

    /// The call or wait at a continuation's pc.
    @inline(__always) func step(at pc: Int32) -> Step {
        guard let s = steps[Int(pc)] else { preconditionFailure("continuation pc \(pc) is not a call or wait") }
        return s
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
