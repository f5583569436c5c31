/// A call's operands flattened for the explorer's hot path: plain values in
/// contiguous arrays, so listing an actor's choices copies nothing that is
/// reference-counted (an `OperandExpr` holds arrays, and every copy of one
/// shared by all worker threads is an atomic operation they contend for).
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

    /// Per pc (index = pc); meaningful where `hasStep`.
    private(set) var hasStep: [Bool] = []
    private(set) var op: [Op] = []
    private(set) var isWait: [Bool] = []
    private(set) var ignore: [Bool] = []
    /// The local slot that receives the result, or -1.
    private(set) var bind: [Int32] = []
    private(set) var operandStart: [Int32] = []
    private(set) var operandEnd: [Int32] = []

    private(set) var operands: [Operand] = []
    private(set) var qualifiers: [Qualifier] = []

    init(_ program: Program) {
        for instr in program.code {
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
    }

    private mutating func plan(_ arg: OperandExpr) -> Operand {
        switch arg {
        case .value(let v):
            return Operand(kind: .value, value: v, set: .rights, qualifierStart: 0, qualifierEnd: 0)
        case .local(let slot):
            return Operand(kind: .local, value: Int32(slot), set: .rights, qualifierStart: 0, qualifierEnd: 0)
        case .any(let set):
            let start = Int32(qualifiers.count)
            for q in set.args {
                switch q {
                case .value(let v): qualifiers.append(Qualifier(isLocal: false, value: v))
                case .local(let slot): qualifiers.append(Qualifier(isLocal: true, value: Int32(slot)))
                case .any: preconditionFailure("elaboration must not nest `any` in a set qualifier")
                }
            }
            return Operand(kind: .set, value: 0, set: set.kind, qualifierStart: start, qualifierEnd: Int32(qualifiers.count))
        }
    }
}
