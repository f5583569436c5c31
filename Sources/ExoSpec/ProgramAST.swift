/// One statement of an actor's program.
public struct Statement: Equatable, Codable, Sendable {
    public var kind: StatementKind
    public var range: SourceRange
    public var comments: Comments

    public init(_ kind: StatementKind, range: SourceRange, comments: Comments = .none) {
        self.kind = kind
        self.range = range
        self.comments = comments
    }
}

public indirect enum StatementKind: Equatable, Codable, Sendable {
    /// `[let NAME =] [ignore] OPERATION OPERAND*`.
    case call(Call)
    /// `wait EVENT OPERAND*`: block until the event has happened.
    case wait(event: Identifier, arguments: [Value])
    /// `loop:` — repeat the body forever.
    case loop(body: [Statement])
    /// `repeat N:` — run the body `count` times.
    case repeatLoop(count: Int, countRange: SourceRange, body: [Statement])
    /// `either: ... or: ...` — nondeterministic choice of one branch.
    case either(branches: [Branch])
}

/// One arm of `either`/`or`. `range` covers the `either` or `or` keyword.
public struct Branch: Equatable, Codable, Sendable {
    public var body: [Statement]
    public var range: SourceRange
    public var comments: Comments

    public init(body: [Statement], range: SourceRange, comments: Comments = .none) {
        self.body = body
        self.range = range
        self.comments = comments
    }
}

/// An operation call. The parser does not know operation names: elaboration
/// looks `operation` up in the catalogue and checks the operands.
public struct Call: Equatable, Codable, Sendable {
    /// `let NAME =`: the name bound to the result.
    public var binding: Identifier?
    /// `ignore`: the result is dropped (a guest that does not check it).
    public var ignored: Bool
    public var operation: Identifier
    public var arguments: [Value]
    public var range: SourceRange

    public init(binding: Identifier? = nil, ignored: Bool = false, operation: Identifier, arguments: [Value],
                range: SourceRange) {
        self.binding = binding
        self.ignored = ignored
        self.operation = operation
        self.arguments = arguments
        self.range = range
    }
}

/// An operand or property value.
public indirect enum Value: Equatable, Codable, Sendable {
    case integer(Int, SourceRange)
    /// A bare word: a declared entity, a local, the `each` variable, or a
    /// flag such as `ro`; elaboration decides which.
    case word(Identifier)
    case string(String, SourceRange)
    /// `lo..hi`, both ends included.
    case range(Int, Int, SourceRange)
    /// A `|` text block (for instance a packet filter's bytecode).
    case text(String, SourceRange)
    /// `a, b, c` (property values only).
    case list([Value], SourceRange)
    /// `any SET`: every member of a finite set (operands only).
    case any(SetExpression)

    public var range: SourceRange {
        switch self {
        case .integer(_, let r), .string(_, let r), .range(_, _, let r), .text(_, let r), .list(_, let r): return r
        case .word(let id): return id.range
        case .any(let s): return s.range
        }
    }
}

/// The set after `any`: a set kind with qualifiers (`frame owned-by d`,
/// `domain other-than d`, `grant of d`) or an integer range (`0..3`).
/// Kinds and relations are not interpreted by the parser.
public struct SetExpression: Equatable, Codable, Sendable {
    public enum Base: Equatable, Codable, Sendable {
        case kind(Identifier)
        case range(Int, Int, SourceRange)
    }

    public var base: Base
    public var qualifiers: [Qualifier]
    public var range: SourceRange

    public init(base: Base, qualifiers: [Qualifier], range: SourceRange) {
        self.base = base
        self.qualifiers = qualifiers
        self.range = range
    }

    /// The words that can qualify a set. A set expression extends over
    /// `RELATION VALUE` pairs for as long as the next word is one of these,
    /// which is how `any frame owned-by d deadline 2` ends before `deadline`.
    /// Adding a relation means adding it here (and giving it a meaning in
    /// elaboration); operations never need a parser change.
    public static let relations: [String] = [
        "of", "owned-by", "other-than", "offered-to", "mapped-by", "bound-to", "shared-with", "except", "in",
    ]
}

/// `RELATION VALUE` after a set kind, for instance `owned-by d`.
public struct Qualifier: Equatable, Codable, Sendable {
    public var relation: Identifier
    public var value: Value

    public init(relation: Identifier, value: Value) {
        self.relation = relation
        self.value = value
    }
}
