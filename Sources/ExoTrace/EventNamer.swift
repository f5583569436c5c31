import ExoCore

/// How a timeline names actors, operations and events: from a model, or raw
/// numbers when no model is available (the spec no longer compiles).
public struct EventNamer {
    public var actorName: (UInt16) -> String
    public var operationName: (UInt16) -> String
    public var describe: (Event) -> String

    public init(actorName: @escaping (UInt16) -> String, operationName: @escaping (UInt16) -> String,
                describe: @escaping (Event) -> String) {
        self.actorName = actorName
        self.operationName = operationName
        self.describe = describe
    }

    /// Names from `model`'s `actorName`, `operationName` and `describe`.
    public init<M: Model>(model: M) {
        self.init(actorName: { model.actorName($0) }, operationName: { model.operationName($0) },
                  describe: { model.describe($0) })
    }

    /// Model-independent names: `actor3`, `op2`, `actor3 op2(1, 2) -> 0`.
    public static let raw = EventNamer(
        actorName: { "actor\($0)" }, operationName: { "op\($0)" },
        describe: { e in
            "actor\(e.actor) op\(e.op)(" + e.operands.values.map(String.init).joined(separator: ", ") + ") -> \(e.result)"
        })
}
