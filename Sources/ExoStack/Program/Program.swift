import ExoCore

/// Where a construct came from in the spec, for timelines and diagnostics.
public struct SourceLoc: Equatable, Codable, Sendable, CustomStringConvertible {
    public var line: Int32
    public var column: Int32
    public init(line: Int32, column: Int32) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// An operand of an operation call, after elaboration.
public enum OperandExpr: Equatable, Codable, Sendable {
    /// A literal, or an entity resolved at elaboration time (a domain id, an
    /// environment index, a rights flag, a deadline in ticks).
    case value(Int32)
    /// An actor-local slot bound earlier by `let`.
    case local(Int)
    /// Every element of a set, evaluated in the current world: the explorer
    /// branches on each element, `simulate` draws one with its PRNG.
    case any(SetExpr)
}

/// A set of values evaluated in the world (`any frame owned-by d0`). Its
/// qualifiers are plain operands (never `any`).
public struct SetExpr: Equatable, Codable, Sendable {
    public var kind: SetKind
    public var args: [OperandExpr]
    public init(_ kind: SetKind, _ args: [OperandExpr] = []) { self.kind = kind; self.args = args }
}

/// One operation call in an actor's program.
public struct Call: Equatable, Codable, Sendable {
    public var op: Op
    public var args: [OperandExpr]
    /// The local slot that receives the result (`let x = ...`).
    public var bind: Int?
    /// `ignore`: the buggy guest. The call is made once, whatever it returns,
    /// and the program carries on. Without `ignore` a refused call is retried:
    /// the actor stays where it is (as Mirage's `end_access` spins until the
    /// remote side unmaps).
    public var ignore: Bool
    /// `end`: an actor stuck where this call or wait is its next step is at
    /// a valid end (no-deadlock), as at a SPIN `end` label.
    public var validEnd: Bool
    public var source: SourceLoc?

    public init(op: Op, args: [OperandExpr], bind: Int? = nil, ignore: Bool = false, validEnd: Bool = false,
                source: SourceLoc? = nil) {
        self.op = op
        self.args = args
        self.bind = bind
        self.ignore = ignore
        self.validEnd = validEnd
        self.source = source
    }
}

/// The structured form of a program, as elaboration produces it.
public indirect enum Stmt: Equatable, Sendable {
    case call(Call)
    /// Block until the condition (a query operation) holds; `args` as for calls.
    case wait(Call)
    /// Nondeterministic choice: each branch's first step is taken atomically
    /// with the choice (as in Promela's `if :: guard -> ...`).
    case either([[Stmt]])
    /// Unbounded; the state space stays finite through deduplication.
    case loop([Stmt])
    /// Bounded.
    case repeatN(Int32, [Stmt])
}

/// The flat form actors run: a program counter into `code`.
public enum Instr: Equatable, Codable, Sendable {
    case call(Call)
    case wait(Call)
    /// Branch to one of these targets.
    case choose([Int32])
    case jump(Int32)
    /// `locals[slot] = value`.
    case setCounter(slot: Int32, value: Int32)
    /// If `locals[slot] == 0` jump to `exit`, else decrement and fall through.
    case countDown(slot: Int32, exit: Int32)
    case halt
}

/// A compiled actor program. Locals hold `let` results first, then loop
/// counters.
public struct Program: Equatable, Codable, Sendable {
    public var code: [Instr]
    public var localNames: [String]
    public var localCount: Int

    public enum CompileError: Error, Equatable, CustomStringConvertible {
        case emptyBody(String)
        case repeatCountBelowOne(Int32)

        public var description: String {
            switch self {
            case .emptyBody(let what): return "\(what) has an empty body: every loop, repeat and branch needs at least one step"
            case .repeatCountBelowOne(let n): return "repeat count \(n) is below 1"
            }
        }
    }

    /// Flattens structured statements. `namedLocals` are the `let` names in
    /// slot order; counters get the slots after them.
    public static func compile(_ body: [Stmt], namedLocals: [String] = []) throws -> Program {
        var b = Builder(counterBase: namedLocals.count)
        try b.emit(body)
        b.code.append(.halt)
        return Program(code: b.code, localNames: namedLocals, localCount: namedLocals.count + b.counters)
    }

    private struct Builder {
        var code: [Instr] = []
        var counters = 0
        let counterBase: Int

        init(counterBase: Int) { self.counterBase = counterBase }

        var here: Int32 { Int32(code.count) }

        mutating func emit(_ body: [Stmt]) throws {
            for s in body { try emit(s) }
        }

        mutating func emit(_ s: Stmt) throws {
            switch s {
            case .call(let c):
                code.append(.call(c))
            case .wait(let c):
                code.append(.wait(c))
            case .either(let branches):
                guard !branches.isEmpty, branches.allSatisfy({ !$0.isEmpty }) else { throw CompileError.emptyBody("either") }
                let chooseAt = code.count
                code.append(.choose([]))
                var starts: [Int32] = []
                var exits: [Int] = []
                for br in branches {
                    starts.append(here)
                    try emit(br)
                    exits.append(code.count)
                    code.append(.jump(-1))
                }
                code[chooseAt] = .choose(starts)
                for e in exits { code[e] = .jump(here) }
            case .loop(let body):
                guard !body.isEmpty else { throw CompileError.emptyBody("loop") }
                let top = here
                try emit(body)
                code.append(.jump(top))
            case .repeatN(let n, let body):
                // At least once: then every round passes a call or wait,
                // and the continuation walk is never longer than the
                // program (`repeat 0` nested in a long `repeat` went round
                // without one, a recursion as deep as the count).
                guard n >= 1 else { throw CompileError.repeatCountBelowOne(n) }
                guard !body.isEmpty else { throw CompileError.emptyBody("repeat") }
                let slot = Int32(counterBase + counters)
                counters += 1
                code.append(.setCounter(slot: slot, value: n))
                let test = code.count
                code.append(.countDown(slot: slot, exit: -1))
                try emit(body)
                code.append(.jump(Int32(test)))
                code[test] = .countDown(slot: slot, exit: here)
            }
        }
    }
}

extension Call {
    /// Each argument with the index of the first parameter it fills: a
    /// value or a local fills one, `any SET` one per element component (a
    /// grant offered to a domain fills two).
    public func forEachArgument(_ body: (_ index: Int, _ arg: OperandExpr, _ firstParam: Int) -> Void) {
        var k = 0
        for (i, arg) in args.enumerated() {
            body(i, arg, k)
            if case .any(let s) = arg { k += s.kind.elementArity } else { k += 1 }
        }
    }
}
