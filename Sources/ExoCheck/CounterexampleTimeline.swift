import ExoCore

/// A counterexample as a reader sees it: numbered steps (actor, operation,
/// the event in words, what changed), then the invariant that failed and why.
/// The CLI appends the repro command.
public struct CounterexampleTimeline: Equatable, Codable, Sendable {
    public struct Step: Equatable, Codable, Sendable {
        /// 1-based.
        public var number: Int
        public var actor: String
        public var operation: String
        /// `model.describe(event)`.
        public var description: String
        public var result: Int32
        public var changes: [FieldChange]
    }

    public var steps: [Step]
    public var violations: [Violation]

    /// Builds the timeline of a replayed path.
    public init<M: Model>(model: M, replay: PathReplay<M>) {
        steps = []
        for (i, e) in replay.events.enumerated() {
            steps.append(Step(
                number: i + 1, actor: model.actorName(e.actor), operation: model.operationName(e.op),
                description: model.describe(e), result: e.result,
                changes: FieldChanges.between(replay.states[i], replay.states[i + 1])))
        }
        violations = replay.violations
    }

    /// Plain text, one step per line followed by indented changes.
    public func render() -> String {
        var s = ""
        if steps.isEmpty { s += "  (the initial state)\n" }
        for step in steps {
            s += "  \(step.number). \(step.description)\n"
            for c in step.changes {
                s += "       \(c.text)\n"
            }
        }
        for v in violations { s += "  violated \(v.invariant): \(v.message)\n" }
        return s
    }
}
