import ExoCore

/// A filter translated into a chain of Swift closures, one per instruction,
/// each holding its constants and its successor. Built from the last
/// instruction back to the first, so forward jumps capture the closure they
/// go to directly; a backward jump (only in unverified code) goes through the
/// table at run time. Semantics, fuel included, are the interpreter's.
public struct CompiledFilter {
    struct Machine {
        let packet: [UInt8]
        var memory: [UInt8]
        let base: Int
        var a: UInt32
        var fuel: Int
    }
    typealias Step = (inout Machine) -> FilterResult

    final class Table {
        var steps: [Step] = []
    }

    private let table: Table
    private let entry: Step

    /// Translates `program`. Any program can be translated; only verified
    /// ones are guaranteed to terminate before their fuel runs out.
    public init(_ program: [FilterInstruction]) {
        let table = Table()
        let n = program.count
        let fallOff: Step = { _ in .reject }
        table.steps = Array(repeating: fallOff, count: n)

        func resolve(_ target: FilterTarget, from pc: Int) -> Step {
            switch target {
            case .accept: return { _ in .accept }
            case .reject: return { _ in .reject }
            case .at(let t):
                if t < 0 || t >= n { return fallOff }
                if t > pc { return table.steps[t] }
                return { [unowned table] m in table.steps[t](&m) }
            }
        }

        /// Charges one unit of fuel before the instruction's own work.
        func metered(_ body: @escaping Step) -> Step {
            { m in
                if m.fuel <= 0 { return .outOfFuel }
                m.fuel -= 1
                return body(&m)
            }
        }

        var pc = n - 1
        while pc >= 0 {
            let next: Step = pc + 1 < n ? table.steps[pc + 1] : fallOff
            let step: Step
            switch program[pc] {
            case .load(let width, let offset):
                step = metered { m in
                    guard let v = FilterInterpreter.load(m.packet, width: width, offset: offset) else { return .fault }
                    m.a = v
                    return next(&m)
                }
            case .loadImmediate(let v):
                step = metered { m in
                    m.a = v
                    return next(&m)
                }
            case .and(let mask):
                step = metered { m in
                    m.a &= mask
                    return next(&m)
                }
            case .jump(let cond, let k, let target):
                let taken = resolve(target, from: pc)
                step = metered { m in cond.holds(m.a, k) ? taken(&m) : next(&m) }
            case .goto(let target):
                let taken = resolve(target, from: pc)
                step = metered(taken)
            case .store(let offset):
                step = metered { m in
                    let addr = m.base &+ offset
                    guard addr >= 0, addr < m.memory.count else { return .fault }
                    m.memory[addr] = UInt8(truncatingIfNeeded: m.a)
                    return next(&m)
                }
            case .accept:
                step = metered { _ in .accept }
            case .reject:
                step = metered { _ in .reject }
            }
            table.steps[pc] = step
            pc -= 1
        }
        self.table = table
        self.entry = n > 0 ? table.steps[0] : fallOff
    }

    /// Runs the translation; same contract as `FilterInterpreter.run`.
    public func run(packet: [UInt8], memory: inout [UInt8], base: Int, fuel: Int) -> FilterResult {
        var m = Machine(packet: packet, memory: [], base: base, a: 0, fuel: fuel)
        swap(&m.memory, &memory)
        let result = entry(&m)
        swap(&m.memory, &memory)
        return result
    }
}
