import ExoCore

/// Why the verifier refused a program; `pc` is the offending instruction.
public enum FilterVerifyError: Error, Equatable, Sendable {
    case empty
    case tooLong(count: Int, limit: Int)
    case badWidth(pc: Int)
    case loadOutOfBounds(pc: Int)
    case storeOutOfBounds(pc: Int)
    case backwardJump(pc: Int, target: Int)
    case targetOutOfRange(pc: Int, target: Int)
}

/// The download-time check: a program is accepted only if it is non-empty
/// and short enough, every jump goes forward to an existing instruction (so
/// it terminates within its length), every load stays inside the largest
/// packet and every store inside the environment's handler memory.
public enum FilterVerifier {
    public static func verify(_ program: [FilterInstruction], limits: FilterLimits,
                              mutants: ExoMutants = []) -> FilterVerifyError? {
        if program.isEmpty { return .empty }
        if program.count > limits.maxLength { return .tooLong(count: program.count, limit: limits.maxLength) }
        let checkBounds = !mutants.contains(.verifierSkipsBoundsCheck)
        for (pc, insn) in program.enumerated() {
            switch insn {
            case .load(let width, let offset):
                guard width == 1 || width == 2 || width == 4 else { return .badWidth(pc: pc) }
                if checkBounds && (offset < 0 || offset > limits.maxPacketLength - width) {
                    return .loadOutOfBounds(pc: pc)
                }
            case .store(let offset):
                if checkBounds && (offset < 0 || offset >= limits.memorySize) { return .storeOutOfBounds(pc: pc) }
            case .jump(_, _, .at(let t)), .goto(.at(let t)):
                if t <= pc && !mutants.contains(.verifierAllowsBackwardJump) {
                    return .backwardJump(pc: pc, target: t)
                }
                if t < 0 || t >= program.count { return .targetOutOfRange(pc: pc, target: t) }
            default:
                break
            }
        }
        return nil
    }
}
