/// A seeded random run of any model: at each step draw one of the enabled
/// actions uniformly with our own PRNG. The caller sees every step (to record
/// it) and decides nothing else; the same model and seed always give the same
/// run.
public struct Simulator<M: Model> {
    public let model: M
    public private(set) var state: M.State
    public private(set) var rng: PRNG
    public private(set) var steps: Int = 0
    private var buffer: [M.Action] = []

    public init(model: M, seed: UInt64) {
        self.model = model
        self.state = model.initialState()
        self.rng = PRNG(seed: seed)
    }

    /// Takes one step. Returns nil when no action is enabled (the run is over).
    public mutating func step() -> (choice: Int, event: Event)? {
        buffer.removeAll(keepingCapacity: true)
        model.actions(of: state, into: &buffer)
        guard !buffer.isEmpty else { return nil }
        let choice = rng.index(buffer.count)
        let event = model.apply(buffer[choice], to: &state)
        steps += 1
        return (choice, event)
    }
}
