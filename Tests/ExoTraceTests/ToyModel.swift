import ExoCore

/// A small model for the trace tests: a few counters, bumped in any order,
/// and a clock that ticks. `skewCounter` is a deliberate model change (the
/// "spec changed under the trace" case): bumping that counter adds 2.
struct ToyModel: Model {
    struct Pair: Equatable, Codable, CanonicalEncodable {
        var actor: UInt16
        var value: UInt32
        func encode(into e: inout CanonicalEncoder) { e.u16(actor); e.u32(value) }
    }

    struct State: Equatable, Codable, CanonicalEncodable {
        var counters: [UInt32]
        var clock: Tick
        var last: Pair?
        func encode(into e: inout CanonicalEncoder) { e.array(counters); e.u64(clock); e.optional(last) }
    }

    enum Action: Equatable { case bump(Int), tick(UInt64) }

    var counters = 3
    var skewCounter: Int? = nil

    func initialState() -> State { State(counters: Array(repeating: 0, count: counters), clock: 0, last: nil) }

    func actions(of state: State, into actions: inout [Action]) {
        for i in state.counters.indices { actions.append(.bump(i)) }
        actions.append(.tick(1))
        actions.append(.tick(5))
    }

    func apply(_ action: Action, to state: inout State) -> Event {
        switch action {
        case .bump(let i):
            state.counters[i] &+= (i == skewCounter ? 2 : 1)
            state.clock += 1
            state.last = Pair(actor: UInt16(i), value: state.counters[i])
            return Event(actor: UInt16(i), op: 0, operands: Operands(Int32(i), Int32(bitPattern: state.counters[i])),
                         result: Int32(state.counters[i] % 7))
        case .tick(let d):
            state.clock += d
            return Event(actor: 9, op: 1, operands: Operands(Int32(d)), result: 0)
        }
    }

    func check(_ state: State, into violations: inout [Violation]) {}

    func clock(of state: State) -> Tick { state.clock }

    func actorName(_ actor: UInt16) -> String { actor == 9 ? "timer" : "c\(actor)" }
    func operationName(_ op: UInt16) -> String { op == 0 ? "bump" : "tick" }
}
