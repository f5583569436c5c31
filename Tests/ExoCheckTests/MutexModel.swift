import ExoCore
@testable import ExoCheck

/// P identical processes share one lock; each also does local work on its
/// own counter (0...limit). Mutants: `ignoreLock` lets acquire skip the lock
/// check (breaks mutual-exclusion); `overflow` lets work go one past the
/// limit (breaks counter-bound).
struct MutexModel: ReducibleModel {
    var processes: Int
    var limit: UInt8
    var ignoreLock = false
    var overflow = false
    var symmetric = true

    struct State: Equatable, Codable, CanonicalEncodable {
        var holding: [Bool]
        var counter: [UInt8]
        var holders: UInt8

        func encode(into e: inout CanonicalEncoder) {
            e.array(holding); e.array(counter); e.u8(holders)
        }
    }

    enum Action: Equatable { case acquire(Int), release(Int), work(Int) }

    static let acquireOp: UInt16 = 0, releaseOp: UInt16 = 1, workOp: UInt16 = 2

    func initialState() -> State {
        State(holding: Array(repeating: false, count: processes), counter: Array(repeating: 0, count: processes), holders: 0)
    }

    func actions(of s: State, into out: inout [Action]) {
        for p in 0..<processes {
            if s.holding[p] { out.append(.release(p)) }
            else if s.holders == 0 || ignoreLock { out.append(.acquire(p)) }
            if s.counter[p] < limit + (overflow ? 1 : 0) { out.append(.work(p)) }
        }
    }

    func apply(_ a: Action, to s: inout State) -> Event {
        switch a {
        case .acquire(let p):
            s.holding[p] = true; s.holders += 1
            return Event(actor: UInt16(p), op: Self.acquireOp)
        case .release(let p):
            s.holding[p] = false; s.holders -= 1
            return Event(actor: UInt16(p), op: Self.releaseOp)
        case .work(let p):
            s.counter[p] += 1
            return Event(actor: UInt16(p), op: Self.workOp, operands: Operands(Int32(s.counter[p])))
        }
    }

    func check(_ s: State, into v: inout [Violation]) {
        if s.holders > 1 { v.append(Violation("mutual-exclusion", "\(s.holders) processes hold the lock")) }
        for p in 0..<processes where s.counter[p] > limit {
            v.append(Violation("counter-bound", "process \(p) counted to \(s.counter[p]) past \(limit)"))
        }
    }

    func clock(of s: State) -> Tick { 0 }
    func operationName(_ op: UInt16) -> String { ["acquire", "release", "work"][Int(op)] }

    // Reductions: work(p) is its own actor (processes + p) touching only
    // counter p; acquire/release (actor p) touch the lock and holding[p].
    func footprint(of a: Action, in s: State) -> Footprint? {
        switch a {
        case .acquire(let p), .release(let p): return Footprint(actor: UInt16(p), resources: 1 | (1 << UInt64(1 + p)))
        case .work(let p): return Footprint(actor: UInt16(processes + p), resources: 1 << UInt64(1 + processes + p))
        }
    }

    func othersReach(excluding actor: UInt16, in s: State) -> UInt64 {
        var all: UInt64 = 1
        for p in 0..<processes {
            if p != Int(actor) { all |= 1 << UInt64(1 + p) }
            if processes + p != Int(actor) { all |= 1 << UInt64(1 + processes + p) }
        }
        return all
    }

    var hasSymmetry: Bool { symmetric }

    func symmetricFingerprintBytes(of s: State, into e: inout CanonicalEncoder) {
        // Processes are identical: encode their (holding, counter) pairs sorted.
        var pairs = (0..<processes).map { (s.holding[$0] ? 1 : 0) << 8 | Int(s.counter[$0]) }
        pairs.sort()
        e.count(pairs.count)
        for x in pairs { e.u16(UInt16(x)) }
        e.u8(s.holders)
    }
}

/// P independent counters (0...limit), one actor each, nothing shared, and a
/// buggy "sum reaches target" invariant when `target` is set: the shortest
/// counterexample takes exactly `target` steps.
struct CountersModel: ReducibleModel {
    var processes: Int
    var limit: UInt8
    var target: Int? = nil
    /// A state that violates `forbidden-state` (none when nil).
    var forbidden: [UInt8]? = nil

    struct State: Equatable, Codable, CanonicalEncodable {
        var counts: [UInt8]
        func encode(into e: inout CanonicalEncoder) { e.array(counts) }
    }

    typealias Action = Int

    func clock(of s: State) -> Tick { 0 }
    func initialState() -> State { State(counts: Array(repeating: 0, count: processes)) }

    func actions(of s: State, into out: inout [Int]) {
        for p in 0..<processes where s.counts[p] < limit { out.append(p) }
    }

    func apply(_ p: Int, to s: inout State) -> Event {
        s.counts[p] += 1
        return Event(actor: UInt16(p), op: 0, operands: Operands(Int32(p)))
    }

    func check(_ s: State, into v: inout [Violation]) {
        if let t = target, s.counts.reduce(0, { $0 + Int($1) }) >= t {
            v.append(Violation("sum-below-target", "the counters sum to \(t)"))
        }
        if let f = forbidden, s.counts == f {
            v.append(Violation("forbidden-state", "the counters are \(f)"))
        }
    }

    func footprint(of p: Int, in s: State) -> Footprint? { Footprint(actor: UInt16(p), resources: 1 << UInt64(p)) }

    func othersReach(excluding actor: UInt16, in s: State) -> UInt64 {
        var all: UInt64 = 0
        for p in 0..<processes where p != Int(actor) { all |= 1 << UInt64(p) }
        return all
    }

    var hasSymmetry: Bool { true }

    func symmetricFingerprintBytes(of s: State, into e: inout CanonicalEncoder) {
        e.array(s.counts.sorted())
    }
}

/// A model with a cycle: a ring position that two actors move independently,
/// each around its own ring of `size` cells. Exercises the cycle proviso.
struct RingsModel: ReducibleModel {
    var size: UInt8

    struct State: Equatable, Codable, CanonicalEncodable {
        var a: UInt8, b: UInt8
        func encode(into e: inout CanonicalEncoder) { e.u8(a); e.u8(b) }
    }

    typealias Action = Int

    func initialState() -> State { State(a: 0, b: 0) }
    func clock(of s: State) -> Tick { 0 }
    func actions(of s: State, into out: inout [Int]) { out.append(0); out.append(1) }
    func apply(_ i: Int, to s: inout State) -> Event {
        if i == 0 { s.a = (s.a + 1) % size } else { s.b = (s.b + 1) % size }
        return Event(actor: UInt16(i), op: UInt16(i))
    }
    /// Breaks when b reaches the last cell: only reachable if actor 1 runs.
    func check(_ s: State, into v: inout [Violation]) {
        if s.b == size - 1 { v.append(Violation("b-stays-low", "b reached \(s.b)")) }
    }
    func footprint(of i: Int, in s: State) -> Footprint? { Footprint(actor: UInt16(i), resources: 1 << UInt64(i)) }
    func othersReach(excluding actor: UInt16, in s: State) -> UInt64 { actor == 0 ? 2 : 1 }
}

/// A number line with repeated moves: actions 0 and 1 both add one, action 2
/// adds two, up to `limit`. Every expansion yields a repeat (actions 0 and 1)
/// and most states are reached along several paths, so it exercises the
/// expander dropping repeats within a run before the merge.
struct StepsModel: Model {
    var limit: Int32
    var bad: Int32? = nil
    /// Adds action 0 (step +0: a self-loop) at every point.
    var stay = false

    struct State: Equatable, Codable, CanonicalEncodable {
        var at: Int32
        func encode(into e: inout CanonicalEncoder) { e.i32(at) }
    }

    typealias Action = Int32

    func clock(of s: State) -> Tick { 0 }
    func initialState() -> State { State(at: 0) }

    func actions(of s: State, into out: inout [Int32]) {
        if s.at + 1 <= limit { out.append(1); out.append(1) }
        if s.at + 2 <= limit { out.append(2) }
        if stay { out.append(0) }
    }

    func apply(_ step: Int32, to s: inout State) -> Event {
        s.at += step
        return Event(actor: 0, op: UInt16(step), operands: Operands(step))
    }

    func check(_ s: State, into v: inout [Violation]) {
        if let b = bad, s.at == b { v.append(Violation("avoids-\(b)", "reached \(b)")) }
    }
}

/// `flags` dependent actors, each setting its own bit once (they share one
/// resource), and one independent actor that may count `extra` from 0 to 1
/// once bit 0 is set. Its step is an ample set of its own, and its successor
/// is often also the successor of another state on the same level (one
/// with the count taken and one flag fewer): whether the cycle proviso sees
/// that state must not depend on how a level is cut into slices or chunks.
struct ProvisoModel: ReducibleModel {
    var flags: Int

    struct State: Equatable, Codable, CanonicalEncodable {
        var bits: UInt32
        var extra: UInt8
        func encode(into e: inout CanonicalEncoder) { e.u32(bits); e.u8(extra) }
    }

    typealias Action = Int

    func clock(of s: State) -> Tick { 0 }
    func initialState() -> State { State(bits: 0, extra: 0) }

    /// Action `i < flags` sets bit `i`; action `flags` counts `extra`.
    func actions(of s: State, into out: inout [Int]) {
        for i in 0..<flags where s.bits & (1 << UInt32(i)) == 0 { out.append(i) }
        if s.bits & 1 != 0 && s.extra == 0 { out.append(flags) }
    }

    func apply(_ i: Int, to s: inout State) -> Event {
        if i < flags { s.bits |= 1 << UInt32(i) } else { s.extra += 1 }
        return Event(actor: UInt16(i), op: i < flags ? 0 : 1)
    }

    func check(_ s: State, into v: inout [Violation]) {}

    func footprint(of i: Int, in s: State) -> Footprint? {
        Footprint(actor: UInt16(i), resources: i < flags ? 1 : 2)
    }

    func othersReach(excluding actor: UInt16, in s: State) -> UInt64 { Int(actor) < flags ? 3 : 1 }
}
