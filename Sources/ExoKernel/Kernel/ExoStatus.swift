import ExoCore

/// The result of an exokernel or library-OS operation: 0 is success, every
/// negative value is a refusal that left the state unchanged (apart from
/// pruning of already-resolved revocation history). The raw values are what
/// traces record, so they never change once published.
public enum ExoStatus: Int32, Equatable, Codable, Sendable, CustomStringConvertible {
    /// The operation took effect.
    case ok = 0
    /// No such environment, or the environment is not alive.
    case badEnv = -1
    /// The capability slot is out of range or empty.
    case badSlot = -2
    /// The presented capability is revoked or does not exist (a forgery).
    case badCapability = -3
    /// The capability does not pass the resource's ACL (name or rights).
    case denied = -4
    /// The frame is not one of this kernel's frames.
    case badFrame = -5
    /// The caller does not own the frame.
    case notOwner = -6
    /// The frame is in use (bound, foreign-mapped, not free, already requested).
    case busy = -7
    /// A bounded table (slots, bindings, capabilities, rings, queues) is full.
    case noSpace = -8
    /// An operand is out of its range (page, slot index, CPU, width, ...).
    case badOperand = -9
    /// The frame is in the environment's guaranteed set and cannot be revoked.
    case guaranteed = -10
    /// There is no pending revocation request for that frame.
    case noRequest = -11
    /// The verifier rejected the downloaded program.
    case badProgram = -12
    /// The environment is not running on that CPU (or the CPU is idle).
    case notRunning = -13
    /// No such process in the library OS.
    case badProcess = -14
    /// A container boundary forbids the IPC or the sharing.
    case isolated = -15
    /// Nothing to receive, or nothing to schedule.
    case empty = -16
    /// The frame is quarantined until foreign mappings of it are gone.
    case quarantined = -17

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .badEnv: return "bad-env"
        case .badSlot: return "bad-slot"
        case .badCapability: return "bad-capability"
        case .denied: return "denied"
        case .badFrame: return "bad-frame"
        case .notOwner: return "not-owner"
        case .busy: return "busy"
        case .noSpace: return "no-space"
        case .badOperand: return "bad-operand"
        case .guaranteed: return "guaranteed"
        case .noRequest: return "no-request"
        case .badProgram: return "bad-program"
        case .notRunning: return "not-running"
        case .badProcess: return "bad-process"
        case .isolated: return "isolated"
        case .empty: return "empty"
        case .quarantined: return "quarantined"
        }
    }
}
