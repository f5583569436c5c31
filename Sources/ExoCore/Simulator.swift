/// A seeded random run of any model: at each step draw one of the enabled
/// actions uniformly with our own PRNG. The caller sees every step (to record
/// it) and decides nothing else; the same model and seed always give the same
/// run.
public struct Simulator<M: Model> {
    public let model: M
    public private(set) var state: M.State
    public private(set) var rng: PRNG
    public private(set) var steps: Int = 0
    /// Steps in a row, up to the last, that left the state unchanged.
    public private(set) var unchangedRun: Int = 0
    private var buffer: [M.Action] = []

    /// After this many steps in a row that changed nothing, and after each
    /// further such run, `frozen()` asks whether nothing can change any
    /// more.
    public static var stutterRun: Int { 16 }

    /// A run that can never change again (`frozen()`).
    public struct Frozen {
        /// What the model says of such a state (`Model.stutterViolation`):
        /// nil when it is a valid end.
        public var violation: Violation?
    }

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
        // Kept to tell whether the step changed anything; a step that
        // writes then copies what it writes, and the old storage goes back
        // to this thread's pool for the next step's copy (`recycle`). A
        // step that wrote equal values is unchanged too (`Model.isSame`).
        var before = state
        let event = model.apply(buffer[choice], to: &state)
        unchangedRun = model.isSame(state, as: before) ? unchangedRun + 1 : 0
        model.recycle(&before)
        steps += 1
        return (choice, event)
    }

    /// Whether the run can never change again: some action is enabled
    /// and none changes the state (`Model.unchangingSteps`), with the
    /// model's verdict on it. Asked only at the end of each run of
    /// `stutterRun` steps that changed nothing, so a frozen run is caught
    /// that many steps after it froze, and a state that merely refused a
    /// few calls is not made to apply every action; nil otherwise.
    public func frozen() -> Frozen? {
        guard unchangedRun > 0, unchangedRun % Self.stutterRun == 0, model.unchangingSteps(in: state) != nil else { return nil }
        return Frozen(violation: model.checksStutter ? model.stutterViolation(of: state) : nil)
    }
}
