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
    }

    /// A qualifier of a set: a literal or a local slot.
    struct Qualifier {
        let isLocal: Bool
        let value: Int32
    }

    /// Who makes the calls.
    let principal: Principal
    /// Per pc (index = pc); meaningful where `hasStep`.
    let hasStep: FrozenArray<Bool>
    let op: FrozenArray<Op>
    let isWait: FrozenArray<Bool>
    let ignore: FrozenArray<Bool>
    /// The local slot that receives the result, or -1.
    let bind: FrozenArray<Int32>
    let operandStart: FrozenArray<Int32>
    let operandEnd: FrozenArray<Int32>
    let operands: FrozenArray<Operand>
    let qualifiers: FrozenArray<Qualifier>
    /// Per pc: the continuation pcs from there (locals unchanged) are
    /// `fixedPCs[fixedStart[pc]..<fixedEnd[pc]]`; `fixedStart[pc]` is -1
    /// when the walk from there reads or writes a counter.
    let fixedStart: FrozenArray<Int32>
    let fixedEnd: FrozenArray<Int32>
    let fixedPCs: FrozenArray<Int32>
    /// Per pc (and one past the end): `Program.restingPC`.
    let restingPCs: FrozenArray<Int32>

    init(principal: Principal, program: Program) {
        var b = Builder()
        for instr in program.code { b.add(instr) }
        var start: [Int32] = [], end: [Int32] = [], pcs: [Int32] = []
        for pc in program.code.indices {
            if let fixed = program.fixedContinuations(from: Int32(pc)) {
                start.append(Int32(pcs.count))
                pcs.append(contentsOf: fixed)
                end.append(Int32(pcs.count))
            } else {
                start.append(-1)
                end.append(-1)
            }
        }
        self.principal = principal
        hasStep = FrozenArray(b.hasStep); op = FrozenArray(b.op); isWait = FrozenArray(b.isWait)
        ignore = FrozenArray(b.ignore); bind = FrozenArray(b.bind)
        operandStart = FrozenArray(b.operandStart); operandEnd = FrozenArray(b.operandEnd)
        operands = FrozenArray(b.operands); qualifiers = FrozenArray(b.qualifiers)
        fixedStart = FrozenArray(start); fixedEnd = FrozenArray(end); fixedPCs = FrozenArray(pcs)
        restingPCs = FrozenArray((0...program.code.count).map { program.restingPC(Int32($0)) })
    }

    /// Frees the tables; the plan must not be read afterwards.
    func deallocate() {
        hasStep.deallocate(); op.deallocate(); isWait.deallocate(); ignore.deallocate(); bind.deallocate()
        operandStart.deallocate(); operandEnd.deallocate(); operands.deallocate(); qualifiers.deallocate()
        fixedStart.deallocate(); fixedEnd.deallocate(); fixedPCs.deallocate(); restingPCs.deallocate()
    }

    /// `Program.restingPC(pc)` from the table.
    @inline(__always) func resting(_ pc: Int32) -> Int32 {
        let p = Int(pc)
        return p >= 0 && p < restingPCs.count ? restingPCs[p] : pc
    }

    /// The range of `fixedPCs` holding the continuation pcs from `pc`
    /// (locals unchanged), or nil when they depend on locals and must be
    /// walked.
    @inline(__always) func fixedContinuations(at pc: Int32) -> Range<Int>? {
        let p = Int(pc)
        guard p >= 0 && p < fixedStart.count, fixedStart[p] >= 0 else { return nil }
        return Int(fixedStart[p])..<Int(fixedEnd[p])
    }

    /// The pc of continuation `branch` from `pc` when it is precomputed;
    /// nil when the walk must decide (locals involved, or no such branch).
    @inline(__always) func fixedContinuation(_ branch: Int, at pc: Int32) -> Int32? {
        guard let r = fixedContinuations(at: pc), branch < r.count else { return nil }
        return fixedPCs[r.lowerBound + branch]
    }
}

/// Collects a program's calls into the arrays `CallPlan` freezes.
private struct Builder {
    var hasStep: [Bool] = [], op: [Op] = [], isWait: [Bool] = [], ignore: [Bool] = []
    var bind: [Int32] = [], operandStart: [Int32] = [], operandEnd: [Int32] = []
    var operands: [CallPlan.Operand] = [], qualifiers: [CallPlan.Qualifier] = []

    mutating func add(_ instr: Instr) {
        let call: Call?, wait: Bool
        switch instr {
        case .call(let c): call = c; wait = false
        case .wait(let c): call = c; wait = true
        default: call = nil; wait = false
        }
        hasStep.append(call != nil)
        op.append(call?.op ?? .advance)
        isWait.append(wait)
        ignore.append(call?.ignore ?? false)
        bind.append(call?.bind.map { Int32($0) } ?? -1)
        operandStart.append(Int32(operands.count))
        for arg in call?.args ?? [] { operands.append(plan(arg)) }
        operandEnd.append(Int32(operands.count))
    }

    private mutating func plan(_ arg: OperandExpr) -> CallPlan.Operand {
        switch arg {
        case .value(let v):
            return CallPlan.Operand(kind: .value, value: v, set: .rights, qualifierStart: 0, qualifierEnd: 0)
        case .local(let slot):
            return CallPlan.Operand(kind: .local, value: Int32(slot), set: .rights, qualifierStart: 0, qualifierEnd: 0)
        case .any(let set):
            let start = Int32(qualifiers.count)
            for q in set.args {
                switch q {
                case .value(let v): qualifiers.append(CallPlan.Qualifier(isLocal: false, value: v))
                case .local(let slot): qualifiers.append(CallPlan.Qualifier(isLocal: true, value: Int32(slot)))
                case .any: preconditionFailure("elaboration must not nest `any` in a set qualifier")
                }
            }
            return CallPlan.Operand(kind: .set, value: 0, set: set.kind, qualifierStart: start, qualifierEnd: Int32(qualifiers.count))
        }
    }
}
