import ExoCore

/// A path re-run through the model: every state from the initial one, the
/// action taken and the event recorded at each step, and what the last
/// state violates.
public struct PathReplay<M: Model> {
    /// `path.count + 1` states, starting with the initial state.
    public var states: [M.State]
    public var actions: [M.Action]
    public var events: [Event]
    /// The invariants the final state violates (empty if none).
    public var violations: [Violation]

    public var finalState: M.State { states[states.count - 1] }
}

extension Model {
    /// Re-runs `path` (action indices into each state's enabled actions)
    /// from the initial state. Returns nil if an index is not enabled, which
    /// means the path does not belong to this model.
    public func replay(path: [UInt32]) -> PathReplay<Self>? {
        var state = initialState()
        var out = PathReplay<Self>(states: [state], actions: [], events: [], violations: [])
        var enabled: [Action] = []
        for index in path {
            enabled.removeAll(keepingCapacity: true)
            actions(of: state, into: &enabled)
            guard Int(index) < enabled.count else { return nil }
            let action = enabled[Int(index)]
            out.events.append(apply(action, to: &state))
            out.actions.append(action)
            out.states.append(state)
        }
        checkAll(state, into: &out.violations)
        return out
    }
}
