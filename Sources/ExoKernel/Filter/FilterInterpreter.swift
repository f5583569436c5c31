import ExoCore

/// Runs a filter program step by step. Total on any program: a jump outside
/// the program or falling off its end rejects, a load past the packet or a
/// store outside memory faults, and each executed instruction costs one unit
/// of fuel (`outOfFuel` when none is left).
public enum FilterInterpreter {
    /// Runs `program` on `packet`. Stores go to `memory[base + offset]`.
    public static func run(_ program: [FilterInstruction], packet: [UInt8],
                           memory: inout [UInt8], base: Int, fuel: Int) -> FilterResult {
        var a: UInt32 = 0
        var pc = 0
        var fuel = fuel
        while pc >= 0 && pc < program.count {
            if fuel <= 0 { return .outOfFuel }
            fuel -= 1
            switch program[pc] {
            case .load(let width, let offset):
                guard let v = FilterInterpreter.load(packet, width: width, offset: offset) else { return .fault }
                a = v
                pc += 1
            case .loadImmediate(let v):
                a = v
                pc += 1
            case .and(let m):
                a &= m
                pc += 1
            case .jump(let cond, let k, let target):
                if cond.holds(a, k) {
                    switch target {
                    case .accept: return .accept
                    case .reject: return .reject
                    case .at(let t): pc = t
                    }
                } else {
                    pc += 1
                }
            case .goto(let target):
                switch target {
                case .accept: return .accept
                case .reject: return .reject
                case .at(let t): pc = t
                }
            case .store(let offset):
                let addr = base &+ offset
                guard addr >= 0, addr < memory.count else { return .fault }
                memory[addr] = UInt8(truncatingIfNeeded: a)
                pc += 1
            case .accept:
                return .accept
            case .reject:
                return .reject
            }
        }
        return .reject
    }

    /// A big-endian load of `width` bytes at `offset`, nil when outside the packet
    /// or the width is not 1, 2 or 4.
    public static func load(_ packet: [UInt8], width: Int, offset: Int) -> UInt32? {
        guard width == 1 || width == 2 || width == 4, offset >= 0, offset <= packet.count - width else { return nil }
        var v: UInt32 = 0
        for i in 0..<width { v = (v << 8) | UInt32(packet[offset + i]) }
        return v
    }
}
