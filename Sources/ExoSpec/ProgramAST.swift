/// One statement of an actor's program.
public struct Statement: Equatable, Codable, Sendable {
    public var kind: StatementKind
    public var range: SourceRange
    public var comments: Comments
    /// `end` before a call or a wait: an actor stuck where this statement
    /// is its next step (waiting, or retrying a refused call, while nothing
    /// can change) is at a valid end, as at a SPIN `end` label.
    public var validEnd: Bool

    public init(_ kind: StatementKind, range: SourceRange, comments: Comments = .none, validEnd: Bool = false) {
        self.kind = kind
        self.range = range
        self.comments = comments
        self.validEnd = validEnd
    }
}

public indirect enum StatementKind: Equatable, Codable, Sendable {
    /// `[let NAME =] [ignore] OPERATION OPERAND*`.
    case call(CallSyntax)
    /// `wait EVENT OPERAND*`: block until the event has happened.
    case wait(event: Identifier, arguments: [ValueSyntax])
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
public struct CallSyntax: Equatable, Codable, Sendable {
    /// `let NAME =`: the name bound to the result.
    public var binding: Identifier?
    /// `ignore`: the result is dropped (a guest that does not check it).
    public var ignored: Bool
    public var operation: Identifier
    public var arguments: [ValueSyntax]
    public var range: SourceRange

    public init(binding: Identifier? = nil, ignored: Bool = false, operation: Identifier, arguments: [ValueSyntax],
                range: SourceRange) {
        self.binding = binding
        self.ignored = ignored
        self.operation = operation
        self.arguments = arguments
        self.range = range
    }
}

/// An operand or property value.
public indirect enum ValueSyntax: Equatable, Codable, Sendable {
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
    case list([ValueSyntax], SourceRange)
    /// `any SET`: every member of a finite set (operands only).
    case any(SetSyntax)

    public var range: SourceRange {
        switch self {
        case .integer(_, let r), .string(_, let r), .range(_, _, let r), .text(_, let r), .list(_, let r): return r
        case .word(let id): return id.range
        case .any(let s): return s.range
        }
    }
}

/// The set after `any`: a set kind with qualifiers (`frame owned-by d`,
/// `domain other-than d`, `frame free`) or an integer range (`0..3`). Which
/// words are relations, and how many values each takes, comes from a
/// `SetVocabulary`; what kinds and relations mean is elaboration's business.
public struct SetSyntax: Equatable, Codable, Sendable {
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
}

/// `RELATION VALUE*` after a set kind, for instance `owned-by d`, `free`.
public struct Qualifier: Equatable, Codable, Sendable {
    public var relation: Identifier
    public var values: [ValueSyntax]

    public init(relation: Identifier, values: [ValueSyntax]) {
        self.relation = relation
        self.values = values
    }
}
