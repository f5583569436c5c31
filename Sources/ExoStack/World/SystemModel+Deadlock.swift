import ExoCore

/// no-deadlock: a state in which nothing can happen (no actor can take a
/// step, no deadline is pending) must be a valid end, one where every actor
/// has finished its program, is a `daemon` (a server that may wait for
/// ever), is a fault (which may never fire) or runs on a domain that has
/// been destroyed (its guest is gone). TLC's deadlock check and
/// SPIN's invalid end states, for exocheck's actors: a `wait` whose
/// condition never comes true, or a call whose `any` set stays empty, is
/// how an actor gets stuck.
extension SystemModel {
    public static let noDeadlock = InvariantInfo(
        name: "no-deadlock",
        summary: "when no actor can move and no deadline is pending, every actor has finished, is a daemon or is a fault",
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
        let stuck = system.actors.indices.filter { i in
            let a = system.actors[i]
            return !a.isDaemon && a.principal != .kernel && w.layers.runs(a.principal) && !hasFinished(actor: i, in: w)
        }
        return stuck.isEmpty ? nil : stuck
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
        let who = parts.count == 1 ? parts[0] + " has"
            : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1] + " have"
        return Violation(SystemModel.noDeadlock.name,
                         "no actor can move and no deadline is pending, yet \(who) not finished"
                         + " (a server that may wait for ever is declared with 'daemon')")
    }
}
