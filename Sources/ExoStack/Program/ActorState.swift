import ExoCore

/// The run-time state of one actor: its program counter and locals. Part of
/// the world, so part of every fingerprint.
public struct ActorState: Equatable, Codable, CanonicalEncodable, Sendable {
    public var pc: Int32
    public var locals: [Int32]

    public init(pc: Int32 = 0, localCount: Int) {
        self.pc = pc
        self.locals = [Int32](repeating: 0, count: localCount)
    }

    public init(pc: Int32, locals: [Int32]) {
        self.pc = pc
        self.locals = locals
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.i32(pc)
        e.count(locals.count)
        for l in locals { e.i32(l) }
    }
}

/// Where an actor can go next: the calls and waits reachable from its pc
/// through control flow alone (choices, jumps, counters), each with the
/// locals as the control flow leaves them. The first step of each `either`
/// branch is taken atomically with the choice, so control flow never costs a
/// state of its own.
public struct Continuation: Equatable, Sendable {
    public var pc: Int32
    public var locals: [Int32]
}

extension Program {
    /// Where an actor at `pc` really is: `pc` with every unconditional jump
    /// followed. A jump does nothing, so two actors whose pcs differ only by
    /// jumps behave alike; the model keeps each actor at its resting pc so
    /// that such worlds are one state, not several (after a call in a loop
    /// the actor rests at the loop head, whichever branch it took).
    public func restingPC(_ pc: Int32) -> Int32 {
        var p = pc, hops = 0
        while p >= 0, Int(p) < code.count, case .jump(let target) = code[Int(p)], hops <= code.count {
            p = target
            hops += 1
        }
        return p
    }

    /// The continuations of `actor`, in program order (first branch first).
    /// Paths that come back to a pc with the same locals without passing a
    /// call or wait are cut (compile refuses empty bodies, so this only
    /// guards the engine). The same pc with other locals is not a cycle: a
    /// `loop` around a `repeat` comes back to the counter's test with the
    /// counter set again (cutting on the pc alone ended such a loop after
    /// its first round).
    public func continuations(of actor: ActorState, into out: inout [Continuation]) {
        var onPath: [(pc: Int32, locals: [Int32])] = []
        walk(pc: actor.pc, locals: actor.locals, onPath: &onPath, into: &out)
    }

    private func walk(pc: Int32, locals: [Int32], onPath: inout [(pc: Int32, locals: [Int32])], into out: inout [Continuation]) {
        guard pc >= 0, Int(pc) < code.count, !onPath.contains(where: { $0.pc == pc && $0.locals == locals }) else { return }
        switch code[Int(pc)] {
        case .call, .wait:
            out.append(Continuation(pc: pc, locals: locals))
        case .halt:
            return
        case .jump(let t):
            onPath.append((pc, locals))
            walk(pc: t, locals: locals, onPath: &onPath, into: &out)
            onPath.removeLast()
        case .choose(let targets):
            onPath.append((pc, locals))
            for t in targets { walk(pc: t, locals: locals, onPath: &onPath, into: &out) }
            onPath.removeLast()
        case .setCounter(let slot, let value):
            var l = locals
            l[Int(slot)] = value
            onPath.append((pc, locals))
            walk(pc: pc + 1, locals: l, onPath: &onPath, into: &out)
            onPath.removeLast()
        case .countDown(let slot, let exit):
            onPath.append((pc, locals))
            if locals[Int(slot)] == 0 {
                walk(pc: exit, locals: locals, onPath: &onPath, into: &out)
            } else {
                var l = locals
                l[Int(slot)] -= 1
                walk(pc: pc + 1, locals: l, onPath: &onPath, into: &out)
            }
            onPath.removeLast()
        }
    }

    /// The call or wait at a continuation's pc.
    public func step(at pc: Int32) -> (call: Call, isWait: Bool) {
        switch code[Int(pc)] {
        case .call(let c): return (c, false)
        case .wait(let c): return (c, true)
        default: preconditionFailure("continuation pc \(pc) is not a call or wait")
        }
    }
}
