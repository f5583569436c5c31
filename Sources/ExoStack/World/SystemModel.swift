import ExoCore

/// One step the world can take.
public struct Choice: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        /// An actor takes continuation `branch` with these resolved operands.
        case step
        /// Urgent: deadlines due now fire.
        case fire
        /// Virtual time jumps to the next deadline.
        case advance
    }

    public var kind: Kind
    public var actor: UInt16
    public var branch: UInt16
    public var operands: Operands
    /// The pc of the call or wait that continuation `branch` reaches, when
    /// the actor's plan precomputes it (locals unchanged on the way), else
    /// -1. Listing knows it already, so applying needs no second lookup;
    /// like `branch`, it means something only for the state the choice was
    /// listed from.
    public var pc: Int32

    public init(kind: Kind, actor: UInt16 = World.worldActor, branch: UInt16 = 0, operands: Operands = Operands(),
                pc: Int32 = -1) {
        self.kind = kind
        self.actor = actor
        self.branch = branch
        self.operands = operands
        self.pc = pc
    }
}

extension World {
    /// The actor number events of the world itself (timers, time) carry.
    public static let worldActor: UInt16 = 0xFFFF
}

/// The composed stack as a `Model`: actors run their programs, the kernel's
/// deadlines fire when due, and time jumps to the next deadline.
///
/// Enabled actions, in this order:
/// 1. If a deadline is due now, only `fire` (due timers are urgent).
/// 2. Otherwise every actor's continuations in actor order, each expanded over
///    the elements of its `any` operands in ascending order; then `advance`
///    if a deadline is pending (time may pass between any two steps, so a
///    library OS may or may not answer before its deadline).
public struct SystemModel: Model {
    public typealias State = World
    public typealias Action = Choice

    /// What only cold paths read (the spec, the initial world), behind one
    /// reference: the explorer passes the model to `apply` and friends on
    /// every step, and a model value of a few words is passed in registers
    /// where one holding the spec was copied to the stack each time.
    private final class Definition: @unchecked Sendable {
        let system: SystemSpec
        let initial: World
        /// One per actor, index = actor number (walks a program where its
        /// plan has no precomputed continuation).
        let compiled: [CompiledActor]
        let plansOwner: FrozenArrayOwner<CallPlan>
        /// Whether the spec's checks include no-deadlock (asked per state).
        let checksDeadlock: Bool
        init(system: SystemSpec, initial: World, compiled: [CompiledActor], plansOwner: FrozenArrayOwner<CallPlan>) {
            self.system = system
            self.initial = initial
            self.compiled = compiled
            self.plansOwner = plansOwner
            checksDeadlock = system.invariants?.contains(SystemModel.noDeadlock.name) ?? true
        }
    }
    private let definition: Definition

    public var system: SystemSpec { definition.system }
    /// Whether the spec's checks include no-deadlock.
    var checksDeadlock: Bool { definition.checksDeadlock }
    var compiled: [CompiledActor] { definition.compiled }
    /// The actors' call plans, index = actor number: a copy of each
    /// `compiled[i].plan` (whose memory `compiled` keeps alive) in a frozen
    /// table, so the hot path reads them without retaining anything.
    let plans: FrozenArray<CallPlan>
    /// The symmetry of identical guests this system has (maybe none).
    let symmetry: Symmetry
    /// Packets and filter programs (read-only, shared by every state).
    let statics: LayerStatics
    /// Per actor, everything every other actor's program can touch
    /// (partial-order reduction; see `staticReach(of:)`).
    let othersStaticReach: [UInt64]
    /// Whether any program can arm a deadline (then time touches the exokernel).
    let timeCanStart: Bool
    /// Whether partial-order reduction can ever find an ample set here.
    let ampleSetsPossible: Bool
    /// Every op a program's call or wait names, and the world's own when
    /// deadlines can be armed, ascending (`Model.offeredOperations`).
    public let offeredOperations: [UInt16]

    public enum ConfigError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let s): return s }
        }
    }

    public init(system: SystemSpec) throws {
        guard system.actors.count < Int(World.worldActor) else { throw ConfigError.invalid("too many actors") }
        let compiled = system.actors.map(CompiledActor.init)
        let plansOwner = FrozenArrayOwner(compiled.map(\.plan))
        plans = plansOwner.table
        let layers = try Layers(system: system)
        statics = try LayerStatics(system: system)
        let initial = World(layers: layers, actors: system.actors.map {
            ActorState(pc: $0.program.restingPC(0), localCount: $0.program.localCount)
        })
        definition = Definition(system: system, initial: initial, compiled: compiled, plansOwner: plansOwner)
        symmetry = Symmetry(system: system)
        let reach = system.actors.map(SystemModel.staticReach(of:))
        othersStaticReach = reach.indices.map { i in
            reach.indices.reduce(UInt64(0)) { $1 == i ? $0 : $0 | reach[$1] }
        }
        timeCanStart = SystemModel.armsDeadlines(system)
        ampleSetsPossible = SystemModel.ampleSetsPossible(system, othersStaticReach: othersStaticReach)
        var ops = Set<UInt16>()
        for plan in compiled.map(\.plan) {
            for pc in 0..<plan.steps.count where plan.steps[pc].hasStep { ops.insert(plan.steps[pc].op.rawValue) }
        }
        if timeCanStart { ops.formUnion([Op.fireDue.rawValue, Op.advance.rawValue]) }
        offeredOperations = ops.sorted()
    }

    public func initialState() -> World { definition.initial }

    public func clock(of state: World) -> Tick { state.clock }

    public func actions(of w: World, into out: inout [Choice]) {
        let deadline = w.layers.nextDeadline()
        if let d = deadline, d <= w.clock {
            out.append(Choice(kind: .fire))
            return
        }
        // The sets' values, the odometer's bookkeeping and the set memo live
        // on the stack (the sink moves to the heap only past 256 values).
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { lent in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * Operands.capacity + 2 * CallPlan.memoCapacity) { scratchInts in
                let meta = UnsafeMutableBufferPointer(rebasing: scratchInts[..<(4 * Operands.capacity)])
                let memo = UnsafeMutableBufferPointer(rebasing: scratchInts[(4 * Operands.capacity)...])
                var elements = ValueSink(lending: lent)
                defer { elements.release() }
                var scratch: [Continuation] = []
                w.actors.forEachActor { i, pc, locals in
                    let plan = plans[i]
                    if let r = plan.fixedContinuations(at: pc) {
                        // One actor, one set of locals: its sets' values
                        // hold for all its continuations.
                        SystemModel.forgetSets(plan, memo)
                        let pcs = plan.fixedPCs.buffer(r)
                        for k in pcs.indices {
                            let at = pcs[k]
                            appendChoices(plan.principal, plan.step(at: at), plan.operands, plan.qualifiers,
                                          i, branch: k, pc: at, locals: locals, world: w,
                                          elements: &elements, meta: meta, memo: memo, into: &out)
                        }
                    } else {
                        scratch.removeAll(keepingCapacity: true)
                        compiled[i].program.continuations(of: ActorState(pc: pc, locals: Array(locals)), into: &scratch)
                        for k in scratch.indices {
                            // Each continuation has locals of its own.
                            SystemModel.forgetSets(plan, memo)
                            scratch[k].locals.withUnsafeBufferPointer { locals in
                                appendChoices(plan.principal, plan.step(at: scratch[k].pc), plan.operands, plan.qualifiers,
                                              i, branch: k, pc: -1, locals: locals, world: w,
                                              elements: &elements, meta: meta, memo: memo, into: &out)
                            }
                        }
                    }
                }
            }
        }
        if deadline != nil { out.append(Choice(kind: .advance)) }
    }

    /// Empties the set memo for `plan`'s slots (`CallPlan.Operand.memo`):
    /// per slot, the first of its values in the listing's `ValueSink` and
    /// its element count, or -1 before the set is enumerated.
    @inline(__always) private static func forgetSets(_ plan: CallPlan, _ memo: UnsafeMutableBufferPointer<Int>) {
        precondition(plan.memoSlots <= CallPlan.memoCapacity, "a plan with more memo slots than a listing holds")
        for s in 0..<plan.memoSlots { memo[2 * s] = -1 }
    }

    /// Local `slot` (the buffer is unchecked; a slot the compiler gave out
    /// past the actor's locals is a bug of ours).
    @inline(__always) private static func local(_ locals: UnsafeBufferPointer<Int32>, _ slot: Int32) -> Int32 {
        precondition(slot >= 0 && Int(slot) < locals.count, "local slot \(slot) out of range")
        return locals[Int(slot)]
    }

    /// Appends one choice per element of the cartesian product of the
    /// operand values of the call `step` (at a continuation's pc), in
    /// ascending order with the first operand varying slowest. Each `any`
    /// set is evaluated into `elements` (scratch, appended to) once per
    /// memo slot (`memo`, see `forgetSets`; the caller empties it whenever
    /// the locals change); a wait's choices are kept only where its
    /// condition holds. Reads the actor's flattened `CallPlan`, never the
    /// program's reference-counted call values, and takes it in parts (the
    /// step and the operand tables): a whole plan would be copied per call.
    /// `meta` is the odometer's scratch: per operand its first value in
    /// `elements`, values per element, element count and current element.
    @inline(__always) private func appendChoices(_ principal: Principal, _ step: CallPlan.Step, _ planOperands: FrozenArray<CallPlan.Operand>,
                               _ planQualifiers: FrozenArray<Int32>, _ i: Int, branch k: Int, pc: Int32,
                               locals: UnsafeBufferPointer<Int32>, world w: World, elements: inout ValueSink,
                               meta: UnsafeMutableBufferPointer<Int>, memo: UnsafeMutableBufferPointer<Int>,
                               into out: inout [Choice]) {
        let op = step.op, isWait = step.isWait
        let first = Int(step.operandStart)
        let n = Int(step.operandEnd) - first
        // Each plan operand gives at least one value, and an event holds
        // `Operands.capacity`: the compiler never makes a longer call.
        precondition(n <= Operands.capacity, "a call with more operands than an event holds")
        if n == 0 {
            if !isWait || w.layers.holds(op, by: principal, Operands(), now: w.clock) {
                out.append(Choice(kind: .step, actor: UInt16(i), branch: UInt16(k), pc: pc))
            }
            return
        }
        // The call's operands, bounds checked once.
        let callOperands = planOperands.buffer(first..<(first + n))
        // Resolves operand `a` into `meta`; false when it has no value.
        @inline(__always) func resolve(_ a: Int) -> Bool {
            var start = elements.count
            var arity = 1
            let count: Int
            let arg = callOperands[a]
            switch arg.kind {
            case .value:
                elements.append(arg.value)
                count = 1
            case .local:
                elements.append(SystemModel.local(locals, arg.value))
                count = 1
            case .set:
                arity = arg.set.elementArity
                let slot = Int(arg.memo)
                if slot >= 0 && memo[2 * slot] >= 0 {
                    start = memo[2 * slot]
                    count = memo[2 * slot + 1]
                } else {
                    // At most `Operands.capacity` qualifiers count.
                    let q = Int(arg.qualifierStart)
                    let qualifiers = planQualifiers.buffer(q..<(q + min(Int(arg.qualifierEnd) - q, Operands.capacity)))
                    if arg.localQualifiers == 0 {
                        w.layers.enumerate(arg.set, qualifiers, by: principal, into: &elements)
                    } else {
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: Operands.capacity) { values in
                            for j in qualifiers.indices {
                                let v = qualifiers[j]
                                values[j] = arg.localQualifiers & (1 << j) != 0 ? SystemModel.local(locals, v) : v
                            }
                            w.layers.enumerate(arg.set, UnsafeBufferPointer(rebasing: values[..<qualifiers.count]),
                                               by: principal, into: &elements)
                        }
                    }
                    precondition(arity == 1 || (elements.count - start) % arity == 0,
                                 "set \(arg.set) produced a partial element")
                    // Most elements are single values: no division for them.
                    count = arity == 1 ? elements.count - start : (elements.count - start) / arity
                    if slot >= 0 {
                        memo[2 * slot] = start
                        memo[2 * slot + 1] = count
                    }
                }
            }
            if count == 0 { return false }
            meta[4 * a] = start
            meta[4 * a + 1] = arity
            meta[4 * a + 2] = count
            meta[4 * a + 3] = 0
            return true
        }
        // The sets a memo slot covers first: the actor's listing may have
        // found one empty already, and then the call has no choice without
        // enumerating its other sets. (Which operand is resolved first
        // changes nothing else: the odometer goes by operand order.)
        for a in 0..<n where callOperands[a].memo >= 0 { if !resolve(a) { return } }
        for a in 0..<n where callOperands[a].memo < 0 { if !resolve(a) { return } }
        // No append until the last choice: the values stay where they are.
        let values = elements.values
        // The odometer's current element of every operand, in order. An
        // element lies within its operand's values in `elements` (current
        // element < count, count * arity values from the first), so the
        // values are read unchecked.
        @inline(__always) func gather(into operands: inout Operands) {
            for a in 0..<n {
                let arity = meta[4 * a + 1]
                let base = meta[4 * a] &+ meta[4 * a + 3] &* arity
                for t in 0..<arity { operands.append(values[base &+ t]) }
            }
        }
        while true {
            if isWait {
                var operands = Operands()
                gather(into: &operands)
                if w.layers.holds(op, by: principal, operands, now: w.clock) {
                    out.append(Choice(kind: .step, actor: UInt16(i), branch: UInt16(k), operands: operands, pc: pc))
                }
            } else {
                // The operands are written into the listed choice itself:
                // gathered into a local first, they were written a value at
                // a time and read back whole to be appended, and the read
                // waited for the writes (a store-forwarding stall on every
                // choice, a fifth of the listing's time).
                out.append(Choice(kind: .step, actor: UInt16(i), branch: UInt16(k), pc: pc))
                out.withUnsafeMutableBufferPointer { listed in gather(into: &listed[listed.count - 1].operands) }
            }
            // Advance the odometer, last operand fastest.
            var a = n - 1
            while a >= 0 {
                meta[4 * a + 3] += 1
                if meta[4 * a + 3] < meta[4 * a + 2] { break }
                meta[4 * a + 3] = 0
                a -= 1
            }
            if a < 0 { return }
        }
    }

    public func apply(_ choice: Choice, to w: inout World) -> Event {
        switch choice.kind {
        case .fire:
            let n = w.layers.fireDue(now: w.clock)
            return Event(actor: World.worldActor, op: Op.fireDue.rawValue, result: n)
        case .advance:
            guard let d = w.layers.nextDeadline(), d > w.clock else {
                preconditionFailure("advance chosen with no future deadline")
            }
            let delta = d - w.clock
            w.clock = d
            return Event(actor: World.worldActor, op: Op.advance.rawValue,
                         operands: Operands(Int32(clamping: delta)), result: 0)
        case .step:
            let i = Int(choice.actor)
            let plan = plans[i]
            guard let c = continuation(of: choice, in: w) else {
                preconditionFailure("choice names a branch that does not exist")
            }
            let step = plan.step(at: c.pc)
            let op = step.op
            // Past the step, the actor rests at the pc its jumps lead to.
            if step.isWait {
                w.advance(actor: i, to: plan.resting(c.pc + 1), locals: c.locals, bind: -1, result: 0)
                return Event(actor: choice.actor, op: op.rawValue, operands: choice.operands, result: 0)
            }
            let result = w.layers.perform(op, by: plan.principal, choice.operands, now: w.clock, statics: statics)
            if result >= 0 || step.ignore {
                w.advance(actor: i, to: plan.resting(c.pc + 1), locals: c.locals, bind: Int(step.bind), result: result)
            }
            // A refused call without `ignore` leaves the actor where it was:
            // it will try again.
            return Event(actor: choice.actor, op: op.rawValue, operands: choice.operands, result: result)
        }
    }

    /// Where a step choice's actor goes on from: the pc of the call or wait,
    /// and the locals when walking there changed them. The pc the choice
    /// carries from listing, or the plan's precomputed pc (no retain);
    /// otherwise the compiled actor walks its program. Nil when the branch
    /// does not exist.
    @inline(__always) func continuation(of choice: Choice, in w: World) -> (pc: Int32, locals: [Int32]?)? {
        if choice.pc >= 0 { return (choice.pc, nil) }
        let i = Int(choice.actor)
        if let pc = plans[i].fixedContinuation(Int(choice.branch), at: w.actors.pc(of: i)) { return (pc, nil) }
        return compiled[i].continuation(Int(choice.branch), of: w.actors[i])
    }

    /// From buffer identity: a step that wrote nothing (a refused call
    /// that loops back) copied none of the world's buffers, and `advance`
    /// writes an actor only when it moves.
    public func isUnchanged(_ next: World, from state: World) -> Bool { next.sharesStorage(with: state) }

    /// The hypervisor's tables, the buffer nearly every step copies, go to
    /// this thread's pool when the dropped world alone holds them.
    public func recycle(_ w: inout World) { w.layers.hv.recycleStorage() }

    public func check(_ w: World, into out: inout [Violation]) {
        if let only = definition.system.invariants {
            var all: [Violation] = []
            w.layers.check(now: w.clock, into: &all)
            out.append(contentsOf: all.filter { only.contains($0.invariant) })
        } else {
            w.layers.check(now: w.clock, into: &out)
        }
        if checksDeadlock, let v = deadlockViolation(in: w) { out.append(v) }
    }

    public func actorName(_ actor: UInt16) -> String {
        actor == World.worldActor ? "world" : (Int(actor) < system.actors.count ? system.actors[Int(actor)].name : "actor\(actor)")
    }

    public func operationName(_ op: UInt16) -> String {
        guard let o = Op(rawValue: op) else { return "op\(op)" }
        return Catalogue.info(o).name
    }

    public func describe(_ event: Event) -> String {
        guard let op = Op(rawValue: event.op) else {
            return "\(actorName(event.actor)) op\(event.op)(\(event.operands.values.map(String.init).joined(separator: ", "))) -> \(event.result)"
        }
        let info = Catalogue.info(op)
        if op == .advance { return "time advances \(event.operands.count > 0 ? event.operands[0] : 0) ticks" }
        if op == .fireDue { return "deadlines fire (\(event.result))" }
        var args: [String] = []
        var k = 0
        for v in event.operands.values {
            let kind: ParamKind? = k < info.params.count ? info.params[k] : nil
            args.append(name(of: v, kind: kind))
            k += 1
        }
        let result: String
        if event.result < 0 {
            result = "refused \(event.result)"
        } else if let r = info.returns {
            result = "\(r.rawValue) \(name(of: event.result, kind: r))"
        } else {
            result = "ok"
        }
        return "\(actorName(event.actor)) \(info.name)(\(args.joined(separator: ", "))) -> \(result)"
    }

    /// Spells a value the way the spec would: domain names, ro/rw, ...
    public func name(of v: Int32, kind: ParamKind?) -> String {
        switch kind {
        case .domain?:
            return v >= 0 && Int(v) < system.domains.count ? system.domains[Int(v)].name : "dom\(v)"
        case .rights?, .mapKind?:
            let words = kind == .rights ? Keywords.rights : Keywords.mapKinds
            return words.first { $0.1 == v }?.0 ?? String(v)
        default:
            return String(v)
        }
    }
}
