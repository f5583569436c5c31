/// The recursive-descent spec parser: token cursor, error reporting and
/// recovery. The grammar itself is in `Parser+Declarations.swift` and
/// `Parser+Statements.swift`, and documented in `docs/spec-language.md`.
///
/// Errors never stop the parse. A rule that cannot continue reports, then
/// throws `Bail`; the enclosing line-level rule catches it, skips the rest of
/// the line (and any block the line opened) and carries on with the next.
struct Parser {
    struct Bail: Error {}

    /// Blocks deeper than this are refused (and the parser's recursion with them).
    static let maxDepth = 32

    var tokens: [Token]
    var p = 0
    var diagnostics: DiagnosticBag
    var depth = 0
    let vocabulary: SetVocabulary

    init(tokens: [Token], diagnostics: DiagnosticBag, vocabulary: SetVocabulary) {
        self.tokens = tokens
        self.diagnostics = diagnostics
        self.vocabulary = vocabulary
    }

    // MARK: cursor

    var current: Token { tokens[p] }

    func peek(_ k: Int = 1) -> Token { tokens[min(p + k, tokens.count - 1)] }

    func at(_ kind: TokenKind) -> Bool { tokens[p].kind == kind }

    func atWord(_ w: String) -> Bool { tokens[p].isWord(w) }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    mutating func accept(_ kind: TokenKind) -> Token? {
        at(kind) ? advance() : nil
    }

    // MARK: errors

    /// Reports an error at `range` and bails.
    mutating func failAt(_ range: SourceRange, _ message: String, hints: [String] = [],
                         notes: [DiagnosticNote] = []) throws -> Never {
        diagnostics.error(message, at: range, hints: hints, notes: notes)
        throw Bail()
    }

    /// Runs a line-level rule; on failure skips to the next line.
    mutating func recovering(_ rule: (inout Parser) throws -> Void) {
        do {
            try rule(&self)
        } catch {
            skipLine()
        }
    }

    /// Consumes a token of `kind`, or reports `expected WHAT` and bails.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String, hints: [String] = []) throws -> Token {
        if let t = accept(kind) { return t }
        try failHere(expected: what, hints: hints)
    }

    /// Reports `expected WHAT, found TOKEN` at the current token and bails.
    mutating func failHere(expected what: String, hints: [String] = []) throws -> Never {
        diagnostics.error("expected \(what), found \(current.shown)", at: current.range, hints: hints)
        throw Bail()
    }

    mutating func expectName(_ what: String, hints: [String] = []) throws -> Identifier {
        let t = try expect(.identifier, what, hints: hints)
        return Identifier(t.text, range: t.range)
    }

    /// Consumes the end of a line and returns the line's trailing comment;
    /// anything else left on the line is an error.
    mutating func endLine(after what: String) throws -> String? {
        if let nl = accept(.newline) { return nl.trailingComment }
        if at(.endOfFile) { return nil }
        try failHere(expected: "end of line after \(what)")
    }

    // MARK: recovery

    /// Skips the rest of the current line, its line end, and a block the
    /// line opened (if an indented block follows).
    mutating func skipLine() {
        while true {
            switch current.kind {
            case .endOfFile, .dedent: return
            case .newline:
                advance()
                if at(.indent) { skipBlock() }
                return
            case .indent:
                skipBlock()
            default:
                advance()
            }
        }
    }

    /// Skips an indented block, from its `indent` to the matching `dedent`.
    mutating func skipBlock() {
        guard accept(.indent) != nil else { return }
        var level = 1
        while level > 0 {
            switch current.kind {
            case .endOfFile: return
            case .indent: level += 1
            case .dedent: level -= 1
            default: break
            }
            advance()
        }
    }

    /// Reports an indented block nobody opened, and skips it.
    mutating func unexpectedIndent(_ hint: String) {
        let first = peek().range
        diagnostics.error("unexpected indentation", at: first, hints: [hint])
        skipBlock()
    }
}
