import ExoCore

/// One instruction of the downloaded-code bytecode (see docs/filters.md).
/// The machine has one 32-bit accumulator `A`, the packet (read only) and the
/// environment's handler memory (write only).
public enum FilterInstruction: Equatable, Codable, Sendable, CanonicalEncodable {
    /// `A = packet[offset ..< offset+width]`, big-endian; width is 1, 2 or 4.
    /// A load past the end of the packet faults (the packet is rejected).
    case load(width: Int, offset: Int)
    /// `A = value`.
    case loadImmediate(UInt32)
    /// `A = A & mask`.
    case and(UInt32)
    /// If `A <cond> value`, go to `target`, else fall through.
    case jump(FilterCondition, UInt32, FilterTarget)
    /// Go to `target`.
    case goto(FilterTarget)
    /// `memory[offset] = A & 0xff` in the environment's handler memory.
    case store(offset: Int)
    case accept
    case reject

    public func encode(into e: inout CanonicalEncoder) {
        switch self {
        case .load(let w, let off): e.u8(0); e.int(w); e.int(off)
        case .loadImmediate(let v): e.u8(1); e.u32(v)
        case .and(let m): e.u8(2); e.u32(m)
        case .jump(let c, let v, let t): e.u8(3); e.u8(c.rawValue); e.u32(v); t.encode(into: &e)
        case .goto(let t): e.u8(4); t.encode(into: &e)
        case .store(let off): e.u8(5); e.int(off)
        case .accept: e.u8(6)
        case .reject: e.u8(7)
        }
    }

    /// The jump target, for the instructions that have one.
    public var target: FilterTarget? {
        switch self {
        case .jump(_, _, let t), .goto(let t): return t
        default: return nil
        }
    }
}
