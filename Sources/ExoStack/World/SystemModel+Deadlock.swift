import ExoCore

/// no-deadlock: a state in which nothing can happen (no actor can take a
/// step, no deadline is pending) or nothing can change any more (steps are
/// open, but every one is a call that is refused and retried, and no
/// deadline is pending) must be a valid end, one where every actor has
/// finished its program, is a `daemon` (a server that may wait for ever),
/// rests where a step marked `end` is next (a SPIN end label), is a fault
/// (which may never fire) or runs on a domain that has been destroyed (its
/// guest is gone). TLC's deadlock check and SPIN's invalid
/// end states, for exocheck's actors: a `wait` whose condition never comes
/// true, or a call whose `any` set stays empty, is how an actor gets stuck;
/// a call refused for ever, with nothing else able to change the world, is
/// how it gets stuck while still trying (the second kind is a livelock to
/// SPIN, a non-progress cycle of one state).
extension SystemModel {
    public static let noDeadlock = InvariantInfo(
        name: "no-deadlock",
        summary: "when no actor can move, or every step open is a refused call retried, and no deadline is pending, every actor has finished, is a daemon, rests at a step marked 'end' or is a fault",
        layer: "world")

    /// The actors that `w` leaves stuck short of their end, when nothing at
    /// all can happen in `w`; nil when something can (or nobody is stuck).
    /// Cheap on the common path: a pending deadline, or an actor resting
    /// where a call without `any` operands always has a choice, settles it
    /// without listing the actions.
    public func stuckActors(in w: World) -> [Int]? {
        if w.layers.nextDeadline() != nil { return nil }
        var moves = false
        w.actors.forEachActor { i, pc, _ in
            if !moves && plans[i].movesAlways(at: pc) { moves = true }
        }
        if moves { return nil }
        var choices: [Choice] = []
        actions(of: w, into: &choices)
        if !choices.isEmpty { return nil }
        let stuck = shortOfAValidEnd(in: w)
        return stuck.isEmpty ? nil : stuck
    }

    /// The actors `w` leaves short of a valid end: not finished, not a
    /// daemon, not a fault, on a domain that still runs, and not resting
    /// where a step marked `end` is next.
    func shortOfAValidEnd(in w: World) -> [Int] {
        system.actors.indices.filter { i in
            let a = system.actors[i]
            return !a.isDaemon && a.principal != .kernel && w.layers.runs(a.principal)
                && !hasFinished(actor: i, in: w) && !restsAtAnEnd(actor: i, in: w)
        }
    }

    /// Whether one of the steps actor `i` can take next in `w` is marked
    /// `end` in its program (it may rest there: a SPIN `end` label).
    public func restsAtAnEnd(actor i: Int, in w: World) -> Bool {
        let program = compiled[i].program
        var conts: [Continuation] = []
        program.continuations(of: w.actors[i], into: &conts)
        return conts.contains { program.step(at: $0.pc).call.validEnd }
    }

    public var checksStutter: Bool { checksDeadlock }

    /// The no-deadlock violation of a state where steps are open but none
    /// changes anything (each a refused call the actor retries, or a step
    /// that writes nothing) and no deadline is pending, so the world stays
    /// as it is for ever: the actors short of a valid end are stuck while
    /// trying. Applies every enabled action (see `Model.stutterViolation`).
    public func stutterViolation(of w: World) -> Violation? {
        guard checksDeadlock, w.layers.nextDeadline() == nil, let steps = unchangingSteps(in: w) else { return nil }
        let stuck = shortOfAValidEnd(in: w)
        if stuck.isEmpty { return nil }
        let shown = steps.prefix(3).map(describe).joined(separator: "; ")
        let more = steps.count > 3 ? " and \(steps.count - 3) more" : ""
        return Violation(SystemModel.noDeadlock.name,
                         "no step can change anything and no deadline is pending (every step open is refused and"
                         + " retried, or changes nothing: \(shown)\(more)), yet \(describe(stuck, in: w)) not finished"
                         + " (an actor that may retry for ever is declared with 'daemon', or the step where it may rest is marked 'end')")
    }

    /// Whether actor `i` rests in `w` where a call without `any` operands
    /// always has a choice (`CallPlan.movesAlways`; false says nothing).
    public func movesAlways(actor i: Int, in w: World) -> Bool {
        plans[i].movesAlways(at: w.actors.pc(of: i))
    }

    /// Whether actor `i` has reached the end of its program in `w` (no
    /// call or wait lies ahead of it).
    public func hasFinished(actor i: Int, in w: World) -> Bool {
        var conts: [Continuation] = []
        compiled[i].program.continuations(of: w.actors[i], into: &conts)
        return conts.isEmpty
    }

    /// The no-deadlock violation of `w`, if any: who is stuck, and where.
    func deadlockViolation(in w: World) -> Violation? {
        guard let stuck = stuckActors(in: w) else { return nil }
        return Violation(SystemModel.noDeadlock.name,
                         "no actor can move and no deadline is pending, yet \(describe(stuck, in: w)) not finished"
                         + " (a server that may wait for ever is declared with 'daemon', or the step where it may wait is marked 'end')")
    }

    /// "a (at x or y) has", or "a (at x), b (at y) and c (at z) have": the
    /// stuck actors and the calls or waits each is at.
    private func describe(_ stuck: [Int], in w: World) -> String {
        let parts = stuck.map { i -> String in
            var conts: [Continuation] = []
            compiled[i].program.continuations(of: w.actors[i], into: &conts)
            let waits = conts.map { c -> String in
                let (call, isWait) = compiled[i].program.step(at: c.pc)
                let name = Catalogue.info(call.op).name
                return isWait ? "wait \(name)" : name
            }
            var seen: [String] = []
            for s in waits where !seen.contains(s) { seen.append(s) }
            return "\(system.actors[i].name) (at \(seen.joined(separator: " or ")))"
        }
        return parts.count == 1 ? parts[0] + " has"
            : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1] + " have"
    }
}
