import ExoCore

/// Where a jump goes: straight to a verdict, or to an instruction index.
public enum FilterTarget: Equatable, Codable, Sendable, CanonicalEncodable {
    case accept
    case reject
    case at(Int)

    public func encode(into e: inout CanonicalEncoder) {
        switch self {
        case .accept: e.u8(0)
        case .reject: e.u8(1)
        case .at(let i): e.u8(2); e.int(i)
        }
    }
}

/// The comparison of a conditional jump, between the accumulator and a constant.
public enum FilterCondition: UInt8, Equatable, Codable, Sendable, CaseIterable {
    case eq, ne, gt, lt

    public func holds(_ a: UInt32, _ k: UInt32) -> Bool {
        switch self {
        case .eq: return a == k
        case .ne: return a != k
        case .gt: return a > k
        case .lt: return a < k
        }
    }
}

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

/// What running a filter produced.
public enum FilterResult: Int32, Equatable, Codable, Sendable {
    case accept = 1
    case reject = 0
    /// A load past the end of the packet or a store outside memory.
    case fault = -1
    /// The instruction budget ran out (only possible for unverified code).
    case outOfFuel = -2
}

/// The bounds a downloaded program is verified against.
public struct FilterLimits: Equatable, Codable, Sendable {
    public var maxLength: Int
    public var maxPacketLength: Int
    public var memorySize: Int

    public init(maxLength: Int, maxPacketLength: Int, memorySize: Int) {
        self.maxLength = maxLength; self.maxPacketLength = maxPacketLength; self.memorySize = memorySize
    }
}
