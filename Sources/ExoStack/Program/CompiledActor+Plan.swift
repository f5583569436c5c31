import ExoCore

/// An actor's calls flattened for the explorer's hot path: plain values in
/// frozen tables, so listing an actor's choices or applying one touches no
/// reference count (an `OperandExpr` holds arrays, and every copy of one
/// shared by all worker threads is an atomic operation they contend for).
/// A plain value itself; `CompiledActor` owns its memory.
struct CallPlan {
    /// One operand of a call or wait.
    struct Operand {
        enum Kind: UInt8 { case value, local, set }
        let kind: Kind
        /// The literal (`value`) or the local slot (`local`).
        let value: Int32
        /// The set (`set` only).
        let set: SetKind
        /// The set's qualifiers, as a range of `CallPlan.qualifiers`.
        let qualifierStart: Int32
        let qualifierEnd: Int32
        /// Which of the set's first `Operands.capacity` qualifiers (bit j:
        /// the j-th) name a local slot rather than a literal. 0 for most
        /// sets, whose qualifiers the listing then reads in place.
        let localQualifiers: UInt8
        /// The set's slot in a listing's memo (`set` only): operands of the
        /// plan that name the same set (same kind, same qualifier
        /// expressions) share a slot, so listing an actor enumerates it
        /// once. -1 when no other operand names it, or past
        /// `CallPlan.memoCapacity` slots.
        let memo: Int32
    }

    /// The most memo slots a plan hands out (the listing's memo is a fixed
    /// stack buffer).
    static let memoCapacity = 16

    /// Everything the hot path needs at one pc, in one record (one cache
    /// line serves a step, and a plan is a few words, not a table per
    /// field).
    struct Step {
        /// Whether the pc holds a call or wait; the fields up to `operandEnd`
        /// mean something only then.
        let hasStep: Bool
        let isWait: Bool
        let ignore: Bool
        let op: Op
        /// The local slot that receives the result, or -1.
        let bind: Int32
        /// The call's operands, as a range of `operands`.
        let operandStart: Int32
        let operandEnd: Int32
        /// The continuation pcs from here (locals unchanged) are
        /// `fixedPCs[fixedStart..<fixedEnd]`; `fixedStart` is -1 when the
        /// walk from here reads or writes a counter.
        let fixedStart: Int32
        let fixedEnd: Int32
        /// `Program.restingPC` of this pc.
        let resting: Int32
    }

    /// Who makes the calls.
    let principal: Principal
    /// Per pc, and one past the end (index = pc).
    let steps: FrozenArray<Step>
    let operands: FrozenArray<Operand>
    /// The sets' qualifiers: each a literal, or a local slot where the
    /// operand's `localQualifiers` says so.
    let qualifiers: FrozenArray<Int32>
    let fixedPCs: FrozenArray<Int32>
    /// How many memo slots the operands use (`Operand.memo < memoSlots`).
    let memoSlots: Int
    /// Per pc: whether some continuation from it (locals unchanged) is a
    /// call with no `any` operand, which always has exactly one choice, so
    /// an actor resting there can always move (the no-deadlock check's
    /// shortcut; false says nothing).
    let movesAlways: FrozenArray<Bool>

    init(principal: Principal, program: Program) {
        var b = Builder()
        for instr in program.code { b.add(instr) }
        var steps: [Step] = [], pcs: [Int32] = []
        for pc in 0...program.code.count {
            var start: Int32 = -1, end: Int32 = -1
            if pc < program.code.count, let fixed = program.fixedContinuations(from: Int32(pc)) {
                start = Int32(pcs.count)
                pcs.append(contentsOf: fixed)
                end = Int32(pcs.count)
            }
            let call = pc < b.calls.count ? b.calls[pc] : nil
            steps.append(Step(hasStep: call != nil, isWait: call?.isWait ?? false, ignore: call?.ignore ?? false,
                              op: call?.op ?? .advance, bind: call?.bind ?? -1,
                              operandStart: call?.operandStart ?? 0, operandEnd: call?.operandEnd ?? 0,
                              fixedStart: start, fixedEnd: end, resting: program.restingPC(Int32(pc))))
        }
        self.principal = principal
        self.steps = FrozenArray(steps)
        let (planned, slots) = b.memoized()
        operands = FrozenArray(planned); qualifiers = FrozenArray(b.qualifiers)
        fixedPCs = FrozenArray(pcs)
        memoSlots = slots
        movesAlways = FrozenArray(steps.map { s in
            guard s.fixedStart >= 0 else { return false }
            return pcs[Int(s.fixedStart)..<Int(s.fixedEnd)].contains { pc in
                let t = steps[Int(pc)]
                return t.hasStep && !t.isWait
                    && !planned[Int(t.operandStart)..<Int(t.operandEnd)].contains { $0.kind == .set }
            }
        })
    }

    /// Frees the tables; the plan must not be read afterwards.
    func deallocate() {
        steps.deallocate(); operands.deallocate(); qualifiers.deallocate(); fixedPCs.deallocate()
        movesAlways.deallocate()
    }

    /// `movesAlways` of `pc` (false past the table).
    @inline(__always) func movesAlways(at pc: Int32) -> Bool {
        let p = Int(pc)
        return p >= 0 && p < movesAlways.count && movesAlways[p]
    }

    /// The record of `pc`, which must hold a call or wait.
    @inline(__always) func step(at pc: Int32) -> Step {
        let s = steps[Int(pc)]
        precondition(s.hasStep, "continuation pc \(pc) is not a call or wait")
        return s
    }

    /// `Program.restingPC(pc)` from the table.
    @inline(__always) func resting(_ pc: Int32) -> Int32 {
        let p = Int(pc)
        return p >= 0 && p < steps.count ? steps[p].resting : pc
    }

    /// The range of `fixedPCs` holding the continuation pcs from `pc`
    /// (locals unchanged), or nil when they depend on locals and must be
    /// walked.
    @inline(__always) func fixedContinuations(at pc: Int32) -> Range<Int>? {
        let p = Int(pc)
        guard p >= 0 && p < steps.count else { return nil }
        let s = steps[p]
        guard s.fixedStart >= 0 else { return nil }
        return Int(s.fixedStart)..<Int(s.fixedEnd)
    }

    /// The pc of continuation `branch` from `pc` when it is precomputed;
    /// nil when the walk must decide (locals involved, or no such branch).
    @inline(__always) func fixedContinuation(_ branch: Int, at pc: Int32) -> Int32? {
        guard let r = fixedContinuations(at: pc), branch < r.count else { return nil }
        return fixedPCs[r.lowerBound + branch]
    }
}

/// Collects a program's calls and their operands for `CallPlan`.
private struct Builder {
    struct CallRecord {
        let op: Op, isWait: Bool, ignore: Bool, bind: Int32, operandStart: Int32, operandEnd: Int32
    }
    /// Per pc: the call or wait there, if any.
    var calls: [CallRecord?] = []
    var operands: [CallPlan.Operand] = [], qualifiers: [Int32] = []
    /// Per operand, the set it ranges over (nil for a value or local).
    var sets: [SetExpr?] = []

    mutating func add(_ instr: Instr) {
        let call: Call, wait: Bool
        switch instr {
        case .call(let c): call = c; wait = false
        case .wait(let c): call = c; wait = true
        default: calls.append(nil); return
        }
        let start = Int32(operands.count)
        for arg in call.args {
            operands.append(plan(arg))
            if case .any(let set) = arg { sets.append(set) } else { sets.append(nil) }
        }
        calls.append(CallRecord(op: call.op, isWait: wait, ignore: call.ignore, bind: call.bind.map { Int32($0) } ?? -1,
                                operandStart: start, operandEnd: Int32(operands.count)))
    }

    private mutating func plan(_ arg: OperandExpr) -> CallPlan.Operand {
        switch arg {
        case .value(let v):
            return CallPlan.Operand(kind: .value, value: v, set: .rights, qualifierStart: 0, qualifierEnd: 0, localQualifiers: 0,
                                    memo: -1)
        case .local(let slot):
            return CallPlan.Operand(kind: .local, value: Int32(slot), set: .rights, qualifierStart: 0, qualifierEnd: 0,
                                    localQualifiers: 0, memo: -1)
        case .any(let set):
            let start = Int32(qualifiers.count)
            // One bit per qualifier the listing reads: the mask must hold them all.
            precondition(Operands.capacity <= UInt8.bitWidth, "localQualifiers has fewer bits than a set has qualifiers")
            var locals: UInt8 = 0
            for (j, q) in set.args.enumerated() {
                switch q {
                case .value(let v): qualifiers.append(v)
                case .local(let slot):
                    qualifiers.append(Int32(slot))
                    if j < Operands.capacity { locals |= 1 << j }
                case .any: preconditionFailure("elaboration must not nest `any` in a set qualifier")
                }
            }
            return CallPlan.Operand(kind: .set, value: 0, set: set.kind, qualifierStart: start, qualifierEnd: Int32(qualifiers.count),
                                    localQualifiers: locals, memo: -1)
        }
    }

    /// The operands with their memo slots: a slot for each set that two or
    /// more operands name, in order of first appearance (at most
    /// `CallPlan.memoCapacity`), and how many slots there are.
    func memoized() -> ([CallPlan.Operand], Int) {
        var repeated: [SetExpr] = []
        for (k, s) in sets.enumerated() {
            guard let s, !repeated.contains(s), sets[(k + 1)...].contains(s) else { continue }
            if repeated.count < CallPlan.memoCapacity { repeated.append(s) }
        }
        let planned = operands.indices.map { k -> CallPlan.Operand in
            let o = operands[k]
            guard let s = sets[k], let slot = repeated.firstIndex(of: s) else { return o }
            return CallPlan.Operand(kind: o.kind, value: o.value, set: o.set, qualifierStart: o.qualifierStart,
                                    qualifierEnd: o.qualifierEnd, localQualifiers: o.localQualifiers, memo: Int32(slot))
        }
        return (planned, repeated.count)
    }
}
