/// The parsed form of a spec: what was written, with source ranges, before
/// any name or operation is checked (that is elaboration's job).
///
/// Declarations are grouped by kind, each group in source order. The
/// canonical text (`SpecFormatter`) prints the groups in a fixed order, so a
/// spec and its formatted form parse to the same tree (modulo ranges).
public struct SpecAST: Equatable, Codable, Sendable {
    /// `spec NAME` and its description.
    public var header: SpecHeader?
    /// `expect holds` / `expect violation NAME`.
    public var expectation: ExpectationDecl?
    /// `machine ...`.
    public var machine: Settings?
    /// `hypervisor ...`.
    public var hypervisor: Settings?
    /// `domain`, `env`, `process`, `filter` declarations, in source order
    /// (the order gives entities their ids).
    public var entities: [EntityDecl]
    public var actors: [ActorDecl]
    public var faults: [FaultDecl]
    /// `check all` / `check NAME, ...` lines.
    public var checks: [CheckDecl]
    /// `mutant NAME, ...` lines.
    public var mutants: [MutantDecl]
    /// `explore ...`.
    public var explore: Settings?
    /// Comments after the last declaration.
    public var trailingComments: [String]

    public init(header: SpecHeader? = nil, expectation: ExpectationDecl? = nil, machine: Settings? = nil,
                hypervisor: Settings? = nil, entities: [EntityDecl] = [], actors: [ActorDecl] = [],
                faults: [FaultDecl] = [], checks: [CheckDecl] = [], mutants: [MutantDecl] = [],
                explore: Settings? = nil, trailingComments: [String] = []) {
        self.header = header
        self.expectation = expectation
        self.machine = machine
        self.hypervisor = hypervisor
        self.entities = entities
        self.actors = actors
        self.faults = faults
        self.checks = checks
        self.mutants = mutants
        self.explore = explore
        self.trailingComments = trailingComments
    }
}

/// The comments the formatter keeps with a line-starting node: own-line
/// comments just before it and the comment ending its first line (text after
/// `#`, verbatim apart from trailing blanks).
public struct Comments: Equatable, Codable, Sendable {
    public var leading: [String]
    public var trailing: String?

    public init(leading: [String] = [], trailing: String? = nil) {
        self.leading = leading
        self.trailing = trailing
    }

    public static let none = Comments()
}

/// A name as written, with where it was written.
public struct Identifier: Equatable, Codable, Sendable, CustomStringConvertible {
    public var text: String
    public var range: SourceRange

    public init(_ text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }

    public var description: String { text }
}

/// `spec NAME` followed (same line or an indented line) by a description string.
public struct SpecHeader: Equatable, Codable, Sendable {
    public var name: Identifier
    public var description: String?
    public var descriptionRange: SourceRange?
    public var range: SourceRange
    public var comments: Comments
    /// The trailing comment of the description's own line, if it had one.
    public var descriptionComment: String?

    public init(name: Identifier, description: String?, descriptionRange: SourceRange?, range: SourceRange,
                comments: Comments = .none, descriptionComment: String? = nil) {
        self.name = name
        self.description = description
        self.descriptionRange = descriptionRange
        self.range = range
        self.comments = comments
        self.descriptionComment = descriptionComment
    }
}

/// What CI expects of a spec.
public enum Verdict: Equatable, Codable, Sendable {
    /// Every checked invariant holds in every reachable state.
    case holds
    /// The named invariant is violated somewhere.
    case violation(Identifier)
}

public struct ExpectationDecl: Equatable, Codable, Sendable {
    public var verdict: Verdict
    public var range: SourceRange
    public var comments: Comments

    public init(verdict: Verdict, range: SourceRange, comments: Comments = .none) {
        self.verdict = verdict
        self.range = range
        self.comments = comments
    }
}

/// `KEY VALUE` in a declaration, such as `frames 4` or `modules net, tcpip`.
/// Keys are not interpreted by the parser.
public struct Property: Equatable, Codable, Sendable {
    public var key: Identifier
    public var value: ValueSyntax
    public var range: SourceRange

    public init(key: Identifier, value: ValueSyntax, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }
}

/// A keyword followed by properties: `machine frames 4 cpus 1`,
/// `explore strategy bfs depth 40`.
public struct Settings: Equatable, Codable, Sendable {
    public var keyword: Identifier
    public var properties: [Property]
    public var range: SourceRange
    public var comments: Comments

    public init(keyword: Identifier, properties: [Property], range: SourceRange, comments: Comments = .none) {
        self.keyword = keyword
        self.properties = properties
        self.range = range
        self.comments = comments
    }

    /// The first property called `key`.
    public func property(_ key: String) -> Property? { properties.first { $0.key.text == key } }
}

/// `KEYWORD NAME (, NAME)* [: KIND] PROPERTY*`, for instance
/// `domain d0, d1 : guest`, `env e0 on x0`, `filter f0 on e0 code "accept"`.
public struct EntityDecl: Equatable, Codable, Sendable {
    public var keyword: Identifier
    public var names: [Identifier]
    public var kind: Identifier?
    public var properties: [Property]
    public var range: SourceRange
    public var comments: Comments

    public init(keyword: Identifier, names: [Identifier], kind: Identifier?, properties: [Property],
                range: SourceRange, comments: Comments = .none) {
        self.keyword = keyword
        self.names = names
        self.kind = kind
        self.properties = properties
        self.range = range
        self.comments = comments
    }

    public func property(_ key: String) -> Property? { properties.first { $0.key.text == key } }
}

/// `check all` or `check NAME, NAME`.
public struct CheckDecl: Equatable, Codable, Sendable {
    /// True for `check all`.
    public var all: Bool
    public var names: [Identifier]
    public var range: SourceRange
    public var comments: Comments

    public init(all: Bool, names: [Identifier], range: SourceRange, comments: Comments = .none) {
        self.all = all
        self.names = names
        self.range = range
        self.comments = comments
    }
}

/// `mutant NAME, NAME`.
public struct MutantDecl: Equatable, Codable, Sendable {
    public var names: [Identifier]
    public var range: SourceRange
    public var comments: Comments

    public init(names: [Identifier], range: SourceRange, comments: Comments = .none) {
        self.names = names
        self.range = range
        self.comments = comments
    }
}

/// `fault OPERATION OPERAND*`: an operation the environment may perform at
/// any time (a revocation, an abort, a domain death, a packet arrival).
public struct FaultDecl: Equatable, Codable, Sendable {
    public var call: CallSyntax
    public var range: SourceRange
    public var comments: Comments

    public init(call: CallSyntax, range: SourceRange, comments: Comments = .none) {
        self.call = call
        self.range = range
        self.comments = comments
    }
}

/// Who an actor is.
public enum ActorBinding: Equatable, Codable, Sendable {
    /// `actor NAME on TARGET:` — one scripted actor running on an entity.
    case on(name: Identifier, target: Identifier)
    /// `actor each VAR in A, B, C:` — identical actors, one per entity, with
    /// `VAR` naming the entity (a symmetry hint).
    case each(variable: Identifier, over: [Identifier])
}

/// An actor and its program.
public struct ActorDecl: Equatable, Codable, Sendable {
    public var binding: ActorBinding
    public var body: [Statement]
    public var range: SourceRange
    /// Declared with `daemon`: it may wait for ever (no-deadlock).
    public var isDaemon: Bool
    public var comments: Comments

    public init(binding: ActorBinding, body: [Statement], range: SourceRange, isDaemon: Bool = false,
                comments: Comments = .none) {
        self.binding = binding
        self.body = body
        self.range = range
        self.isDaemon = isDaemon
        self.comments = comments
    }
}
